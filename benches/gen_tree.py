#!/usr/bin/env python3
"""Write a large synthetic monorepo for benchmarks: realistic JS/TS, Python, Ruby and Go files,
of which a small share integrate Customer.io (with typical mistakes).

Usage: gen_tree.py OUT_DIR [--files N] [--cio-share 0.02] [--seed 7]
"""
import argparse
import os
import random

WORDS = "account billing cart checkout customer invoice order payment plan product profile refund report search session shipment subscription team user webhook".split()
VERBS = "build compute create delete fetch find format handle load merge parse render save send sync update validate".split()


def ident(rng, style="camel"):
    a, b = rng.choice(VERBS), rng.choice(WORDS)
    if style == "snake":
        return f"{a}_{b}"
    if style == "pascal":
        return a.title() + b.title()
    return a + b.title()


def js_function(rng):
    name = ident(rng)
    arg = rng.choice(WORDS)
    lines = [f"export async function {name}({arg}, options = {{}}) {{"]
    for _ in range(rng.randint(3, 14)):
        kind = rng.random()
        if kind < 0.3:
            lines.append(f"  const {ident(rng)} = await db.{rng.choice(WORDS)}.findMany({{ where: {{ id: {arg}.id }}, take: {rng.randint(1, 50)} }});")
        elif kind < 0.5:
            lines.append(f"  if (!{arg}?.{rng.choice(WORDS)}) throw new Error(`missing {rng.choice(WORDS)} for ${{{arg}.id}}`);")
        elif kind < 0.7:
            lines.append(f"  const items = ({arg}.items ?? []).map((x) => ({{ ...x, total: x.price * x.quantity }}));")
        elif kind < 0.85:
            lines.append(f"  logger.info({{ {arg}Id: {arg}.id }}, \"{ident(rng, 'snake')}\");")
        else:
            lines.append(f"  for (const entry of Object.entries(options)) {{ if (entry[1] == null) delete options[entry[0]]; }}")
    lines.append(f"  return {{ ok: true, {arg} }};")
    lines.append("}")
    return "\n".join(lines)


def py_function(rng):
    name = ident(rng, "snake")
    arg = rng.choice(WORDS)
    lines = [f"def {name}({arg}, *, limit={rng.randint(1, 100)}):", f'    """{name.replace("_", " ").capitalize()}."""']
    for _ in range(rng.randint(3, 12)):
        kind = rng.random()
        if kind < 0.3:
            lines.append(f"    rows = {rng.choice(WORDS).title()}.objects.filter({arg}_id={arg}.id)[:limit]")
        elif kind < 0.55:
            lines.append(f"    if not {arg}.{rng.choice(WORDS)}:\n        raise ValueError(f\"missing {{ {arg}.id }}\")")
        elif kind < 0.8:
            lines.append(f"    totals = [item.price * item.quantity for item in {arg}.items]")
        else:
            lines.append(f"    logger.info(\"{name}\", extra={{\"id\": {arg}.id}})")
    lines.append(f"    return {{\"ok\": True, \"{arg}\": {arg}.id}}")
    return "\n".join(lines)


def rb_method(rng):
    name = ident(rng, "snake")
    arg = rng.choice(WORDS)
    lines = [f"  def {name}({arg})"]
    for _ in range(rng.randint(3, 10)):
        kind = rng.random()
        if kind < 0.4:
            lines.append(f"    records = {rng.choice(WORDS).title()}.where({arg}_id: {arg}.id).limit({rng.randint(1, 50)})")
        elif kind < 0.7:
            lines.append(f"    raise ArgumentError, \"missing #{{{arg}.id}}\" unless {arg}.{rng.choice(WORDS)}")
        else:
            lines.append(f"    totals = {arg}.items.map {{ |i| i.price * i.quantity }}")
    lines.append(f"    {{ ok: true, {arg}: {arg}.id }}")
    lines.append("  end")
    return "\n".join(lines)


def go_function(rng):
    name = ident(rng, "pascal")
    arg = rng.choice(WORDS)
    lines = [f"func {name}(ctx context.Context, {arg} *{arg.title()}) (map[string]any, error) {{"]
    for _ in range(rng.randint(3, 10)):
        kind = rng.random()
        if kind < 0.4:
            lines.append(f"\trows, err := db.QueryContext(ctx, \"SELECT id FROM {arg}s WHERE id = $1\", {arg}.ID)\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n\tdefer rows.Close()")
        elif kind < 0.7:
            lines.append(f"\tif {arg} == nil {{\n\t\treturn nil, fmt.Errorf(\"missing {arg}\")\n\t}}")
        else:
            lines.append(f"\tfor _, item := range {arg}.Items {{\n\t\ttotal += item.Price * float64(item.Quantity)\n\t}}")
    lines.append(f"\treturn map[string]any{{\"ok\": true}}, nil\n}}")
    return "\n".join(lines)


CIO = {
    "js": """const {{ TrackClient }} = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

export async function on{Name}(user) {{
  await cio.identify(user.id, {{ email: user.email, created_at: Date.now() }});
  cio.track(user.id, {{ name: `{word}_${{user.plan}}` }});
}}
""",
    "ts": """import {{ TrackClient }} from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function on{Name}(user: {{ id: string; email: string }}): Promise<void> {{
  await cio.track(user.id, {{ name: "{word}_completed", data: {{ at: Math.floor(Date.now() / 1000) }} }});
}}
""",
    "py": """import time
from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def on_{word}(user):
    cio.identify(id=user.id, email=user.email, created_at=int(time.time() * 1000))
""",
    "rb": """class {Name}Tracker
  def call(user)
    $customerio.track(user.id, "{word}_done", {{ at: Time.now.to_i }})
  end
end
""",
    "go": """package {word}

import customerio "github.com/customerio/go-customerio/v3"

var track *customerio.CustomerIO

func On{Name}(id string) {{
	_ = track.Track(id, "{word}_done", nil)
}}
""",
}

HEADERS = {
    "js": "import {{ db }} from \"../db\";\nimport logger from \"../logger\";\n",
    "ts": "import {{ db }} from \"../db\";\nimport logger from \"../logger\";\n",
    "py": "import logging\n\nfrom app.models import *\n\nlogger = logging.getLogger(__name__)\n",
    "rb": "class {Name}Service\n",
    "go": "package {word}\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n",
}


def write_file(path, ext, rng, cio):
    name, word = ident(rng, "pascal"), rng.choice(WORDS)
    parts = [HEADERS[ext].format(Name=name, word=word)]
    target = rng.randint(300, 4000)
    body = []
    size = 0
    while size < target:
        f = {"js": js_function, "ts": js_function, "py": py_function, "rb": rb_method, "go": go_function}[ext](rng)
        body.append(f)
        size += len(f)
    parts.append("\n\n".join(body))
    if ext == "rb":
        parts.append("end\n")
    if cio:
        parts.append(CIO[ext].format(Name=name, word=word))
    with open(path, "w") as fh:
        fh.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=50_000)
    ap.add_argument("--cio-share", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    exts = ["js", "ts", "py", "rb", "go"]
    per_dir = 50
    n = 0
    d = 0
    while n < args.files:
        top = os.path.join(args.out, f"pkg{d // 20:03d}", f"mod{d % 20:02d}")
        os.makedirs(top, exist_ok=True)
        for i in range(per_dir):
            if n >= args.files:
                break
            ext = exts[n % len(exts)]
            cio = rng.random() < args.cio_share
            write_file(os.path.join(top, f"{ident(rng, 'snake')}_{i}.{ext}"), ext, rng, cio)
            n += 1
        d += 1
    print(f"wrote {n} files to {args.out}")


if __name__ == "__main__":
    main()
