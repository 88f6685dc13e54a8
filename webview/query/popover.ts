/**
 * The popover that opens beside a node in query mode: the node's name and family, a value picker
 * suited to its support (a switch, a list of its levels, or a number field starting at its typical
 * value), and the role buttons do / given / target / clear. Nothing is committed until the user
 * presses a role button (or Enter, which presses the preselected one): the value committed is the
 * value shown. A refused role (outside the support, a contradiction of the query) keeps the popover
 * open with the reason under the buttons.
 */
import type { GraphNodeDto } from "../../src/protocol/messages";
import { defaultValue, outsideSupport, pickerFor, type Picker } from "./picker";
import type { Role } from "./query-state";

export interface PopoverRequest {
  node: GraphNodeDto;
  at: { clientX: number; clientY: number };
  /** The role Enter commits (outlined). */
  preselected?: Role;
  /** The value to show (the variable's current do/given value, or a suggestion); else the picker's default. */
  value?: number;
  /** A line above the picker, e.g. "What was observed? (the factual world)". */
  prompt?: string;
  /** The observed mean from the last query, when the node carries no typical value. */
  typical?: number;
}

export interface PopoverActions {
  /** Commits `role` (with the shown value); returns why it is refused, or undefined when it was accepted. */
  commit(node: GraphNodeDto, role: Role, value: number | undefined): string | undefined;
  clear(node: GraphNodeDto): void;
  /** After a commit or clear closed the popover. */
  closed?(committed: boolean): void;
}

export class Popover {
  constructor(private readonly el: HTMLElement, private readonly actions: PopoverActions) {
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") this.close(); });
  }

  get openFor(): string | undefined {
    return this.el.hidden ? undefined : this.el.dataset.nodeId;
  }

  open(r: PopoverRequest): void {
    const { node } = r;
    const picker = pickerFor(node, r.typical);
    const input = valueInput(picker, r.value ?? defaultValue(picker), node.id);
    const error = document.createElement("div");
    error.className = "popover-error";
    error.setAttribute("role", "alert");
    const press = (role: Role) => {
      let value: number | undefined;
      if (role !== "target") {
        value = input.read();
        const why = outsideSupport(node.id, picker, value);
        if (why) {
          error.textContent = why;
          return;
        }
      }
      const refused = this.actions.commit(node, role, value);
      if (refused) {
        error.textContent = refused;
        return;
      }
      this.close();
      this.actions.closed?.(true);
    };
    const button = (role: Role, label: string, title: string) => {
      const b = document.createElement("button");
      b.dataset.role = role;
      b.textContent = label;
      b.title = title;
      if (role === r.preselected) b.classList.add("chosen");
      b.addEventListener("click", () => press(role));
      return b;
    };
    const clear = document.createElement("button");
    clear.dataset.role = "clear";
    clear.textContent = "clear";
    clear.title = `Remove ${node.id} from the query`;
    clear.addEventListener("click", () => {
      this.actions.clear(node);
      this.close();
      this.actions.closed?.(false);
    });
    const title = document.createElement("div");
    title.className = "popover-title";
    title.textContent = `${node.id}${node.distribution ? ` (${node.distribution})` : ""}${node.latent ? ", latent" : ""}`;
    const parts: HTMLElement[] = [title];
    if (r.prompt) parts.push(Object.assign(document.createElement("div"), { className: "popover-prompt", textContent: r.prompt }));
    const buttons = document.createElement("div");
    buttons.className = "popover-buttons";
    buttons.append(button("do", "do", `Intervene: set ${node.id} to this value, cutting its incoming edges`),
      button("given", "given", `Evidence: condition on ${node.id} = this value`),
      button("target", "target", `Ask for ${node.id}'s distribution`), clear);
    parts.push(input.element, buttons, error);
    const pop = this.el;
    pop.replaceChildren(...parts);
    pop.dataset.nodeId = node.id;
    pop.onkeydown = (e) => {
      if (e.key === "Enter" && r.preselected && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        press(r.preselected);
      }
    };
    pop.hidden = false;
    const { width, height } = pop.getBoundingClientRect();
    pop.style.left = `${Math.max(4, Math.min(r.at.clientX + 8, window.innerWidth - width - 4))}px`;
    pop.style.top = `${Math.max(4, Math.min(r.at.clientY + 8, window.innerHeight - height - 4))}px`;
    input.focus();
  }

  close(): void {
    this.el.hidden = true;
    this.el.replaceChildren();
    delete this.el.dataset.nodeId;
  }
}

interface ValueInput { element: HTMLElement; read(): number; focus(): void }

/** A switch (bernoulli), a list (categorical: its levels, named when known) or a number field with a slider (continuous). */
function valueInput(picker: Picker, value: number, name: string): ValueInput {
  const wrap = document.createElement("div");
  wrap.className = `picker ${picker.kind}`;
  if (picker.kind === "switch") {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.setAttribute("role", "switch");
    box.className = "value-switch";
    box.checked = value === 1;
    const text = document.createElement("span");
    const show = () => { text.textContent = `${name} = ${box.checked ? 1 : 0}`; };
    box.addEventListener("change", show);
    show();
    label.append(box, text);
    wrap.append(label);
    return { element: wrap, read: () => (box.checked ? 1 : 0), focus: () => box.focus() };
  }
  if (picker.kind === "list") {
    const select = document.createElement("select");
    select.className = "value-list";
    select.setAttribute("aria-label", `${name}'s value`);
    picker.values.forEach((v, i) => {
      const label = picker.labels?.[i];
      select.append(new Option(label !== undefined ? `${label} (${v})` : String(v), String(v), false, v === value));
    });
    wrap.append(select);
    return { element: wrap, read: () => Number(select.value), focus: () => select.focus() };
  }
  const number = document.createElement("input");
  number.type = "number";
  number.className = "value-number";
  number.setAttribute("aria-label", `${name}'s value`);
  number.step = picker.integer ? "1" : "any";
  number.value = String(value);
  wrap.append(number);
  if (picker.min !== undefined && picker.max !== undefined) {
    const slider = document.createElement("input");
    slider.type = "range";
    slider.className = "value-slider";
    slider.min = String(picker.min);
    slider.max = String(picker.max);
    slider.step = picker.integer ? "1" : String((picker.max - picker.min) / 100);
    slider.value = String(value);
    slider.addEventListener("input", () => { number.value = slider.value; });
    number.addEventListener("input", () => { slider.value = number.value; });
    wrap.append(slider);
  }
  if (picker.typical !== undefined) {
    wrap.append(Object.assign(document.createElement("div"), { className: "picker-hint", textContent: `typical value (its mean): ${defaultValue(picker)}` }));
  }
  return { element: wrap, read: () => (number.value.trim() === "" ? NaN : Number(number.value)), focus: () => number.focus() };
}
