// The host's side of an answer (issue 12, item 4): the heading says E[...] for a mean and
// P(target > c | ...) for a threshold event; the DTO keeps the spread and the event, and validates.
import { describe, expect, it } from "vitest";
import { normal, scm } from "../core/index";
import { answer } from "../core/query/answer";
import { AnswerDto } from "../protocol/messages";
import { resultText, toAnswerDto, toSpec } from "./query-session";

const m = scm("wages").variable("education", () => normal(12, 2)).variable("wage", ({ education }) => normal(2 * education, 4));
const req = { type: "runQuery" as const, id: 1, modelIndex: 0, do: { education: 16 }, given: {}, target: "wage", counterfactual: false };

describe("answer DTOs and headings", () => {
  it("a continuous target's mean is E[wage | do(education = 16)], with its spread in the DTO", () => {
    const spec = toSpec(req);
    const a = answer(m, spec, { seed: 1, samples: 4000 });
    expect(resultText(spec, a)).toBe("E[wage | do(education = 16)]");
    const dto = toAnswerDto(a, "wage");
    expect(AnswerDto.parse(dto)).toEqual(dto);
    if (dto.type !== "mean") throw new Error("expected a mean");
    // wage | do(education = 16) ~ Normal(32, 4)
    expect(Math.abs(dto.spread!.sd - 4)).toBeLessThan(4 * 4 / Math.sqrt(2 * 4000));
    expect(dto.spread!.histogram).toHaveLength(30);
  });

  it("a threshold event is P(wage > 30 | do(education = 16)) and its DTO names the event", () => {
    const t = { ...req, threshold: { op: ">" as const, value: 30 } };
    const spec = toSpec(t);
    expect(spec.threshold).toEqual({ op: ">", value: 30 });
    const a = answer(m, spec, { seed: 1, samples: 4000 });
    expect(resultText(spec, a)).toBe("P(wage > 30 | do(education = 16))");
    const dto = toAnswerDto(a, "wage", t.threshold);
    expect(dto).toMatchObject({ type: "probability", event: "wage > 30" });
    expect(AnswerDto.parse(dto)).toEqual(dto);
  });
});
