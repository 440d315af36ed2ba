#!/usr/bin/env python3
"""Extract JSON examples from an OpenAPI spec and emit a Swift checker.

usage: extract.py SPEC GRAPH_JSON OUTDIR
Writes OUTDIR/Sources/Check/Checks*.swift + main.swift and OUTDIR/examples.json
(list of {id, pointer, type, kind, json}).
"""
import json, sys, os, re

spec_path, graph_path, outdir = sys.argv[1:4]
if spec_path.endswith('.json'):
    spec = json.load(open(spec_path))
else:
    import yaml
    try:
        Loader = yaml.CSafeLoader
    except AttributeError:
        Loader = yaml.SafeLoader
    spec = yaml.load(open(spec_path), Loader=Loader)
graph = json.load(open(graph_path))


def esc(tok):
    return str(tok).replace('~', '~0').replace('/', '~1')


def unesc(tok):
    return tok.replace('~1', '/').replace('~0', '~')


def resolve_ptr(ptr):
    assert ptr.startswith('#/'), ptr
    node = spec
    for tok in ptr[2:].split('/'):
        tok = unesc(tok)
        if isinstance(node, list):
            node = node[int(tok)]
        else:
            node = node[tok]
    return node


def deref(node, ptr):
    seen = 0
    while isinstance(node, dict) and '$ref' in node and isinstance(node['$ref'], str) and node['$ref'].startswith('#/'):
        ptr = node['$ref']
        node = resolve_ptr(ptr)
        seen += 1
        if seen > 20:
            break
    return node, ptr


def jsonable(v):
    # YAML may produce datetime objects etc. Convert to JSON-safe.
    import datetime
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, (datetime.datetime,)):
        s = v.isoformat()
        if v.tzinfo is None:
            s += 'Z'
        return s
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


by_origin = {t['origin']: t for t in graph['types']}
ops = {}
for o in graph['operations']:
    ops[(o['method'].lower(), o['path'])] = o

items = []  # (pointer, swift type, kind, value)
skipped = []


def collect_examples(node, ptr, kind_prefix, schema_level):
    out = []
    if not isinstance(node, dict):
        return out
    if 'example' in node:
        out.append((ptr + '/example', node['example'], kind_prefix + '.example'))
    exs = node.get('examples')
    if isinstance(exs, list) and schema_level:
        for i, v in enumerate(exs):
            out.append((f'{ptr}/examples/{i}', v, kind_prefix + '.examples[]'))
    elif isinstance(exs, dict):
        for k, e in exs.items():
            eptr = f'{ptr}/examples/{esc(k)}'
            e2, rptr = deref(e, eptr)
            if isinstance(e2, dict) and 'value' in e2:
                out.append((eptr + '/value', e2['value'], kind_prefix + '.examples.value'))
            elif isinstance(e2, dict) and 'externalValue' in e2:
                skipped.append((eptr, 'externalValue'))
            elif schema_level:
                # not an Example object; treat as raw value (unusual)
                skipped.append((eptr, 'examples map entry without value'))
    return out


NOPE = object()


def parse_text(v, ptr):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except Exception:
            skipped.append((ptr, 'x-oaiMeta text is not JSON'))
            return NOPE
    return v


# 1. component schemas
schemas = (spec.get('components') or {}).get('schemas') or {}
for name, sch in schemas.items():
    ptr = f'#/components/schemas/{esc(name)}'
    exs = collect_examples(sch, ptr, 'schema', True)
    meta = sch.get('x-oaiMeta') if isinstance(sch, dict) else None
    if isinstance(meta, dict) and 'example' in meta:
        v = parse_text(meta['example'], ptr + '/x-oaiMeta/example')
        if v is not NOPE:
            exs.append((ptr + '/x-oaiMeta/example', v, 'schema.x-oaiMeta'))
    if not exs:
        continue
    origin = f'#/components/schemas/{name}'
    t = by_origin.get(origin) or by_origin.get(ptr)
    if t is None:
        # alias via $ref?
        s2, p2 = deref(sch, ptr)
        t = by_origin.get(p2) or by_origin.get(unesc(p2))
    if t is None:
        for (p, v, k) in exs:
            skipped.append((p, 'no graph type for schema ' + name))
        continue
    for (p, v, k) in exs:
        items.append((p, t['name'], k, v, ptr))

# 2. responses
JSONISH = re.compile(r'^application/(.*\+)?json(;.*)?$')
for path, pitem in (spec.get('paths') or {}).items():
    if not isinstance(pitem, dict):
        continue
    for method, op in pitem.items():
        if method not in ('get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'):
            continue
        gop = ops.get((method, path))
        resp_types = {}
        if gop:
            for r in gop['responses']:
                code, t = r.split(': ', 1)
                resp_types[code] = t
        meta = op.get('x-oaiMeta')
        if isinstance(meta, dict) and 'examples' in meta and gop:
            mex = meta['examples']
            mex = mex if isinstance(mex, list) else [mex]
            succ = [c for c in (op.get('responses') or {}) if str(c).startswith('2')]
            t = resp_types.get(str(succ[0])) if succ else None
            for i, e in enumerate(mex):
                if not isinstance(e, dict) or 'response' not in e:
                    continue
                eptr = f'#/paths/{esc(path)}/{method}/x-oaiMeta/examples' + (f'/{i}' if isinstance(meta['examples'], list) else '') + '/response'
                v = parse_text(e['response'], eptr)
                if v is NOPE:
                    continue
                if t is None or t == 'empty' or '/' in t or t == '*':
                    skipped.append((eptr, f'response type {t!r}'))
                    continue
                sp = None
                if succ:
                    r0, r0p = deref(op['responses'][succ[0]], f'#/paths/{esc(path)}/{method}/responses/{esc(succ[0])}')
                    for mt in ((r0 or {}).get('content') or {}):
                        if JSONISH.match(mt):
                            sp = f'{r0p}/content/{esc(mt)}/schema'
                items.append((eptr, t, 'response.x-oaiMeta', v, sp))
        for code, resp in (op.get('responses') or {}).items():
            rptr = f'#/paths/{esc(path)}/{method}/responses/{esc(code)}'
            resp2, rptr2 = deref(resp, rptr)
            content = (resp2 or {}).get('content') or {}
            for mt, media in content.items():
                if not JSONISH.match(mt):
                    continue
                mptr = f'{rptr}/content/{esc(mt)}'
                media2, mptr2 = deref(media, mptr)
                exs = collect_examples(media2, mptr, 'response', False)
                # inline response schema examples (component schemas are covered above)
                sch = (media2 or {}).get('schema')
                if isinstance(sch, dict) and '$ref' not in sch:
                    exs += collect_examples(sch, mptr + '/schema', 'response.schema', True)
                if not exs:
                    continue
                t = resp_types.get(str(code))
                if gop is None:
                    for (p, v, k) in exs:
                        skipped.append((p, 'operation not in graph'))
                    continue
                if t is None or t == 'empty' or '/' in t or t == '*':
                    for (p, v, k) in exs:
                        skipped.append((p, f'response type {t!r}'))
                    continue
                for (p, v, k) in exs:
                    items.append((p, t, k, v, f'{rptr2}/content/{esc(mt)}/schema'))

# emit
os.makedirs(os.path.join(outdir, 'Sources', 'Check'), exist_ok=True)
records = []
for i, (p, t, k, v, sp) in enumerate(items):
    v = jsonable(v)
    js = json.dumps(v, ensure_ascii=False)
    records.append({'id': i, 'pointer': p, 'type': t, 'kind': k, 'json': js, 'schema': sp})
json.dump(records, open(os.path.join(outdir, 'examples.json'), 'w'), indent=1)
json.dump(skipped, open(os.path.join(outdir, 'skipped.json'), 'w'), indent=1)


def swift_raw(s):
    h = '#'
    while ('"' + h) in s:
        h += '#'
    return f'{h}"{s}"{h}'


def swift_type(t):
    # Qualify model names with the module to avoid clashes with Foundation.
    def q(m):
        name = m.group(0)
        prim = {'string': 'String', 'int64': 'Int64', 'int32': 'Int32', 'int': 'Int', 'double': 'Double',
                'float': 'Float', 'bool': 'Bool', 'boolean': 'Bool', 'dateTime': 'Date'}
        if name in prim:
            return prim[name]
        if name in ('String', 'JSONValue', 'Int', 'Int64', 'Int32', 'Double', 'Bool', 'Float', 'Date'):
            return name
        return 'API.' + name
    return re.sub(r'(?<![.\w])[A-Za-z_][A-Za-z0-9_]*', q, t)


CHUNK = 200
chunks = [records[i:i + CHUNK] for i in range(0, len(records), CHUNK)]
src_dir = os.path.join(outdir, 'Sources', 'Check')
for f in os.listdir(src_dir):
    if f.startswith('Checks') and f.endswith('.swift'):
        os.remove(os.path.join(src_dir, f))
for ci, chunk in enumerate(chunks):
    lines = ['import Foundation', 'import OASGenRuntime', 'import API', '',
             f'func runChecks{ci}() {{']
    for r in chunk:
        lines.append(f'    check({swift_type(r["type"])}.self, {r["id"]}, {json.dumps(r["pointer"])}, {swift_raw(r["json"])})')
    lines.append('}')
    open(os.path.join(src_dir, f'Checks{ci}.swift'), 'w').write('\n'.join(lines) + '\n')

main = ['import Foundation', 'import OASGenRuntime', '']
main.append(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'Support.swift')).read())
for ci in range(len(chunks)):
    main.append(f'runChecks{ci}()')
main.append('finish()')
open(os.path.join(src_dir, 'main.swift'), 'w').write('\n'.join(main) + '\n')
print(f'{len(records)} examples, {len(skipped)} skipped', file=sys.stderr)
