//! Names: of people (the demo draws its payees' names; the example company's are written in its
//! roster table) and of customer accounts, French restaurants, shops, hotels and groups.
//!
//! Two ways to name an account, for two sizes: the demo numbers its customers and names the n-th by
//! its index (ten million deals, nothing kept in memory); the example company draws each name at
//! random from its segment's lists and keeps it unique (a few thousand, each its own story).

use super::draw::Draw;
use std::collections::BTreeSet;
use std::fmt;

/// (display, id)
#[rustfmt::skip]
pub const FIRST_NAMES: &[(&str, &str)] = &[
    ("Camille", "camille"), ("Thomas", "thomas"), ("Emma", "emma"), ("Antoine", "antoine"),
    ("Chloé", "chloe"), ("Julien", "julien"), ("Léa", "lea"), ("Maxime", "maxime"),
    ("Sarah", "sarah"), ("Nathan", "nathan"), ("Sophie", "sophie"),
    ("Pierre-Alexandre", "pierre-alexandre"), ("Claire", "claire"), ("Olivier", "olivier"),
    ("Inès", "ines"), ("Yanis", "yanis"), ("Manon", "manon"), ("Théo", "theo"), ("Jade", "jade"),
    ("Louis", "louis"), ("Ambre", "ambre"), ("Karim", "karim"), ("Zoé", "zoe"), ("Hugo", "hugo"),
];

/// (display, id)
#[rustfmt::skip]
pub const LAST_NAMES: &[(&str, &str)] = &[
    ("Martin", "martin"), ("Petit", "petit"), ("Durand", "durand"), ("Leroy", "leroy"),
    ("Moreau", "moreau"), ("Bernard", "bernard"), ("Dubois", "dubois"),
    ("Lefebvre", "lefebvre"), ("Garcia", "garcia"), ("Roux", "roux"), ("Laurent", "laurent"),
    ("Fontaine", "fontaine"), ("Mercier", "mercier"), ("Blanc", "blanc"), ("Morel", "morel"),
    ("Benali", "benali"), ("Girard", "girard"), ("Lambert", "lambert"), ("Nguyen", "nguyen"),
    ("Faure", "faure"), ("Chevalier", "chevalier"), ("Haddad", "haddad"),
    ("Lemaître", "lemaitre"), ("Bonnet", "bonnet"),
];

/// A person drawn from the lists: (`Last, First` as the HR tool exports it, `first.last`).
pub fn person(rng: &mut impl Draw) -> (String, String) {
    let (first, first_id) = rng.pick(FIRST_NAMES);
    let (last, last_id) = rng.pick(LAST_NAMES);
    (format!("{last}, {first}"), format!("{first_id}.{last_id}"))
}

// The demo's accounts, by index. One name in twenty holds quotes, so that a twentieth of the
// demo's deal rows are quoted, as a CRM export's are now and then (the CSV reader's slow path).

#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "Restaurant", "Brasserie", "Hôtel", "Auberge", "Bistrot", "Cuisine centrale", "Traiteur",
    "Boulangerie", "Rôtisserie", "Épicerie fine",
];

#[rustfmt::skip]
const NAMES: &[&str] = &[
    "du Port", "Saint-Louis", "des Halles", "La Marée", "Le Comptoir", "Chez Marcel", "L'Étoile",
    "La Table d'Hugo", "Les Tilleuls", "\"Le Zinc\"", "Le Terminus", "du Vieux Moulin",
    "Le Cèdre", "La Cigale", "des Arts", "du Marché", "Le Relais", "La Fontaine", "Les Platanes",
    "du Centre",
];

#[rustfmt::skip]
const CITIES: &[&str] = &[
    "Lille", "Amiens", "Rouen", "Reims", "Metz", "Strasbourg", "Nancy", "Caen", "Paris 11e",
    "Le Havre", "Lyon", "Marseille", "Nice", "Toulouse", "Montpellier", "Bordeaux", "Nîmes",
    "Avignon", "Perpignan", "Aix-en-Provence",
];

/// The demo's n-th customer: prefix, name, city, and a number once the combinations run out.
pub struct Numbered(pub u64);

impl fmt::Display for Numbered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let idx = self.0;
        let (np, nn, nc) = (
            PREFIXES.len() as u64,
            NAMES.len() as u64,
            CITIES.len() as u64,
        );
        let prefix = PREFIXES[(idx % np) as usize];
        let name = NAMES[(idx / np % nn) as usize];
        let city = CITIES[(idx / (np * nn) % nc) as usize];
        match idx / (np * nn * nc) {
            0 => write!(f, "{prefix} {name} - {city}"),
            n => write!(f, "{prefix} {name} {} - {city}", n + 1),
        }
    }
}

// The example company's accounts, by segment: small businesses of the north and the south, and
// the groups the enterprise team sells to.

#[rustfmt::skip]
const PME_PREFIX: &[&str] = &[
    "Restaurant", "Brasserie", "Bistrot", "Boulangerie", "Pâtisserie", "Traiteur", "Café",
    "Crêperie", "Pizzeria", "Hôtel", "Cantine", "Auberge", "Rôtisserie", "Épicerie fine",
];

#[rustfmt::skip]
const PME_NAME: &[&str] = &[
    "du Port", "Saint-Louis", "des Halles", "La Marée", "Le Comptoir", "Chez Marcel", "L'Étoile",
    "La Table d'Hugo", "Les Tilleuls", "du Marché", "Le Relais", "La Fourchette d'Or",
    "Le Petit Bouchon", "Les Arcades", "La Belle Époque", "Le Cèdre", "du Vieux Moulin",
    "Au Fournil", "Le Terminus", "de la Gare", "Les Saveurs", "La Source", "Le Galion",
    "Les Platanes", "Le Beffroi", "du Théâtre", "La Cigale", "Le Phare", "Sainte-Anne",
    "Les Jardins",
];

#[rustfmt::skip]
const CITIES_NORD: &[&str] = &[
    "Lille", "Amiens", "Rouen", "Reims", "Metz", "Strasbourg", "Nancy", "Caen", "Paris 11e",
    "Le Havre", "Roubaix", "Dunkerque",
];

#[rustfmt::skip]
const CITIES_SUD: &[&str] = &[
    "Lyon", "Marseille", "Nice", "Toulouse", "Montpellier", "Bordeaux", "Nîmes", "Avignon",
    "Perpignan", "Biarritz", "Aix-en-Provence", "Toulon",
];

#[rustfmt::skip]
const ENT_KIND: &[&str] = &[
    "Groupe Hôtelier", "Restauration Collective", "Cuisine Centrale", "Groupe Brasseries",
    "Réseau Boulangeries", "Hôtels & Résidences", "Cliniques", "Résidences Seniors",
    "Groupe Traiteurs", "Restaurants d'Entreprise",
];

#[rustfmt::skip]
const ENT_REGION: &[&str] = &[
    "Atlantique", "Rhône-Alpes", "Méditerranée", "Grand Est", "Val de Loire", "Occitanie",
    "Bretagne", "Île-de-France", "Normandie", "Alsace", "Provence", "Aquitaine", "Bourgogne",
    "Hauts-de-France", "Auvergne", "Savoie",
];

const ENT_SUFFIX: &[&str] = &["", " SAS", " SA", " Holding"];

/// The example company's account names, each used once.
#[derive(Clone, Default)]
pub struct Accounts {
    used: BTreeSet<String>,
}

impl Accounts {
    /// A name no account has yet, for a customer of `team` (`Grands Comptes` sells to groups,
    /// `PME Nord` and `PME Sud` to businesses of their cities).
    pub fn fresh(&mut self, rng: &mut impl Draw, team: &str) -> String {
        for attempt in 0.. {
            let mut name = if team == "Grands Comptes" {
                format!(
                    "{} {}{}",
                    rng.pick(ENT_KIND),
                    rng.pick(ENT_REGION),
                    rng.pick(ENT_SUFFIX)
                )
            } else {
                let cities = if team == "PME Nord" {
                    CITIES_NORD
                } else {
                    CITIES_SUD
                };
                format!(
                    "{} {} - {}",
                    rng.pick(PME_PREFIX),
                    rng.pick(PME_NAME),
                    rng.pick(cities)
                )
            };
            if attempt > 20 {
                name = format!("{name} ({attempt})");
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        unreachable!("a numbered name is always new")
    }
}
