#!/usr/bin/env python3
"""Writes a customer-success workspace at scale, to time KPI plans (issue 3):

    python3 scripts/cs-scale.py /tmp/cs-scale          # 1,000 CSMs in 50 teams, 100,000 customers,
                                                       # 500,000 MRR movements, ~50,000 NPS answers
    cargo build --release
    time target/release/comp --workspace /tmp/cs-scale/comp.toml calc --period 2024 --format csv

Half the CSMs are on plans/csm-grr.toml (portfolio GRR); the other half on a plan with two team
KPIs (team NRR and team NPS over their 20-CSM team's 2,000 customers). Deterministic (fixed seed).
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/cs-scale"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.makedirs(os.path.join(out, "data"), exist_ok=True)
random.seed(7)

with open(os.path.join(out, "comp.toml"), "w") as f:
    f.write(f'''currency = "EUR"
plans = ["{root}/plans/csm-grr.toml", "plan-team.toml"]

[sources.customers]
file = "data/customers.csv"

[sources.mrr]
file = "data/mrr.csv"

[sources.surveys]
file = "data/surveys.csv"

[sources.roster]
file = "data/roster.csv"
''')
with open(os.path.join(out, "plan-team.toml"), "w") as f:
    f.write('''id = "team"
frequency = "quarter"

[measures.team_nrr]
kpi = "nrr"
over = "team"

[measures.team_nps]
kpi = "nps"
over = "team"

[[components]]
id = "nrr"
weight = "50%"
curve = { on = "team_nrr", over = "value", points = [[90, 0], [120, 200]] }

[[components]]
id = "nps"
weight = "50%"
curve = { on = "team_nps", over = "value", points = [[0, 0], [50, 100]] }
''')
with open(os.path.join(out, "data/roster.csv"), "w") as r:
    r.write("payee,name,plan,team,manager,start,end,base,target_incentive\n")
    for i in range(1000):
        plan = "csm-grr" if i % 2 else "team"
        r.write(f"csm-{i:04},CSM {i},{plan},T{i % 50},,2022-01-01,,40000,10000\n")
with open(os.path.join(out, "data/customers.csv"), "w") as c, \
        open(os.path.join(out, "data/mrr.csv"), "w") as m, \
        open(os.path.join(out, "data/surveys.csv"), "w") as s:
    c.write("id,name,ae,csm,start\n")
    m.write("customer,date,kind,amount\n")
    s.write("customer,date,score\n")
    for i in range(100000):
        c.write(f"C{i},Cust {i},ae,csm-{i % 1000:04},2023-01-01\n")
        m.write(f"C{i},2023-01-01,new,{random.randint(100, 2000)}\n")
        for _ in range(4):
            month = random.randint(1, 12)
            kind = random.choice(["expansion", "contraction", "expansion"])
            m.write(f"C{i},2024-{month:02}-{random.randint(1, 28):02},{kind},{random.randint(1, 50)}\n")
        if random.random() < 0.5:
            s.write(f"C{i},2024-{random.randint(1, 12):02}-10,{random.randint(0, 10)}\n")
print(f"wrote {out}")
