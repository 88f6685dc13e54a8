// Any figure the schema accepts draws (property test): renderFigureSvgs never throws, writes no NaN,
// Infinity or undefined into an attribute, escapes text as XML, and draws one path or shape per
// non-empty series mark, one <image> per image mark carrying its PNG; the schema itself never throws
// on arbitrary JSON (it names what is wrong).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderFigureSvgs } from "../../src/cli/figure-svg";
import { checkFigures, type FigureDto } from "../../src/protocol/figure-messages";
import { pngDataUri } from "../support/png";

/** A strict reading of the file's markup: tags with quoted attributes whose values hold no "<" and only entity "&"s, text with no raw "<", balanced elements. */
function wellFormed(xml: string): string | undefined {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, "");
  const stack: string[] = [];
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const textPart = body.slice(i, lt < 0 ? body.length : lt);
    if (entity.test(textPart)) return `a raw & in text near ${JSON.stringify(textPart.slice(0, 40))}`;
    if (lt < 0) break;
    const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(body.slice(lt));
    if (!tag) return `bad markup at ${JSON.stringify(body.slice(lt, lt + 60))}`;
    for (const a of tag[3].matchAll(/="([^"]*)"/g)) if (entity.test(a[1])) return `a raw & in an attribute: ${a[1]}`;
    if (tag[1]) { if (stack.pop() !== tag[2]) return `</${tag[2]}> closes nothing open`; }
    else if (!tag[4]) stack.push(tag[2]);
    i = lt + tag[0].length;
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : undefined;
}

const num = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const text = fc.string({ minLength: 1, maxLength: 30 });
const series = fc.constantFrom("a", "b", "pass", "fail", "x < y & z");
const point = fc.record({ x: num, y: num });
const interval = fc.tuple(num, num, num, num).map(([x, y, a, b]) => ({ x, y, lo: Math.min(a, b), hi: Math.max(a, b) }));
const numericMark = fc.oneof(
  fc.record({ kind: fc.constant("line" as const), series, points: fc.array(point, { maxLength: 20 }) }),
  fc.record({ kind: fc.constant("interval" as const), series, points: fc.array(interval, { maxLength: 10 }) }),
  fc.record({ kind: fc.constant("histogram" as const), series, values: fc.array(num, { maxLength: 50 }), bins: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant("rule" as const), axis: fc.constantFrom("x" as const, "y" as const), value: num, label: fc.option(text, { nil: undefined }) }),
);
const bar = fc.tuple(text, num, fc.option(fc.tuple(num, num), { nil: undefined })).map(([label, value, iv]) => (iv ? { label, value, lo: Math.min(...iv), hi: Math.max(...iv) } : { label, value }));
const barMark = fc.record({ kind: fc.constant("bar" as const), series, bars: fc.uniqueArray(bar, { selector: (b) => b.label, maxLength: 8 }) });
const axis = fc.record({ label: fc.string({ maxLength: 20 }) });
// Tiny real PNGs (1-3 px a side, any colours); rows and columns from a few names, XML's specials among them, each cell once.
const byte = fc.integer({ min: 0, max: 255 });
const png = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(byte, byte, byte), { minLength: 9, maxLength: 9 }))
  .map(([w, h, px]) => pngDataUri(w, h, (x, y) => px[y * 3 + x]));
const cellName = fc.constantFrom("original", "do(shape=heart)", "x < y & z", "1", "a very long row or column name that will not fit its cell");
const imageMark = fc.record({ kind: fc.constant("image" as const), row: cellName, column: cellName, src: png, title: fc.option(text, { nil: undefined }) });
const figure = fc.oneof(
  fc.record({ id: fc.constant("numeric"), title: text, caption: fc.option(text, { nil: undefined }), x: axis, y: axis, marks: fc.array(numericMark, { minLength: 1, maxLength: 5 }) }),
  fc.record({ id: fc.constant("images"), title: text, caption: fc.option(text, { nil: undefined }), x: axis, y: axis, marks: fc.uniqueArray(imageMark, { selector: (m) => `${m.row}|${m.column}`, minLength: 1, maxLength: 12 }) }),
  fc.record({ id: fc.constant("bars"), title: text, x: axis, y: axis, marks: fc.tuple(fc.array(barMark, { minLength: 1, maxLength: 3 }), fc.array(fc.record({ kind: fc.constant("rule" as const), axis: fc.constant("y" as const), value: num }), { maxLength: 2 })).map(([b, r]) => [...b, ...r]) }),
).map((f) => JSON.parse(JSON.stringify(f)) as FigureDto);

describe("figures, any that pass the schema", () => {
  it("draw without throwing, with finite attributes and XML-escaped text", () => {
    fc.assert(fc.property(figure, (f) => {
      const checked = checkFigures([f]);
      fc.pre(checked.ok);
      const [file] = renderFigureSvgs([f], 480);
      expect(file.name).toBe(`${f.id}.svg`);
      expect(file.svg).not.toMatch(/="[^"]*(NaN|Infinity|undefined)[^"]*"/);
      expect(wellFormed(file.svg.trimEnd())).toBeUndefined();
      expect(file.svg).toContain(`data-figure-id="${f.id}"`);
      const images = f.marks.filter((m) => m.kind === "image");
      expect(file.svg.match(/<image /g) ?? []).toHaveLength(images.length);
      for (const m of images) expect(file.svg).toContain(`href="${m.src}"`);
    }), { numRuns: 150, seed: 20261204 });
  });

  it("the well-formedness reading itself catches an unescaped attribute and an unclosed element", () => {
    expect(wellFormed('<svg a="x < y"></svg>')).toMatch(/bad markup/);
    expect(wellFormed('<svg a="x & y"></svg>')).toMatch(/raw &/);
    expect(wellFormed("<svg><g></svg>")).toMatch(/closes nothing|unclosed/);
    expect(wellFormed('<svg a="x &amp; y"><g/><text>1 &lt; 2</text></svg>')).toBeUndefined();
  });

  it("the schema names what is wrong in arbitrary JSON and never throws", () => {
    fc.assert(fc.property(fc.jsonValue(), (raw) => {
      const r = checkFigures(raw);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }), { numRuns: 300, seed: 7 });
  });
});
