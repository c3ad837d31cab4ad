// The open café's seating plan: loaded when the Seating screen shows it, replaced by what every seating command
// answers, and reloaded when a change event concerns the café (a plan made from the CLI, an attendee added, …).
import { backend } from "./backend";
import type { SeatingPlan } from "./backend";
import { toApiError } from "./api/transport";
import { sentence } from "./errors";

class SeatingState {
  /** The café whose plan is held. */
  cafeId: string | null = $state(null);
  plan: SeatingPlan | null = $state.raw(null);
  /** Why the plan could not be loaded. */
  error: string | null = $state(null);
  /** The engine is making a plan. */
  planning = $state(false);

  #seq = 0;
  #applied = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Loads the plan of `cafeId` (keeping the one shown while it is the same café). */
  async load(cafeId: string): Promise<void> {
    if (cafeId !== this.cafeId) {
      this.cafeId = cafeId;
      this.plan = null;
      this.error = null;
    }
    const seq = ++this.#seq;
    try {
      const plan = await backend.getSeating(cafeId);
      this.#apply(plan, seq);
    } catch (e) {
      if (cafeId !== this.cafeId || seq < this.#applied) return;
      this.error = sentence(toApiError(e).message);
    }
  }

  /** Runs a seating command and shows the plan it answers with. Errors are the caller's to show. */
  async run(write: () => Promise<SeatingPlan>): Promise<SeatingPlan> {
    const seq = ++this.#seq;
    const plan = await write();
    this.#apply(plan, seq);
    return plan;
  }

  /** Makes the plan with the engine (all rounds, or from round `fromRound` on). */
  async make(cafeId: string, fromRound: number | null = null): Promise<SeatingPlan> {
    this.planning = true;
    try {
      return await this.run(() => backend.planSeating(cafeId, fromRound));
    } finally {
      this.planning = false;
    }
  }

  #apply(plan: SeatingPlan, seq: number): void {
    if (plan.cafe_id !== this.cafeId || seq < this.#applied) return;
    this.#applied = seq;
    this.error = null;
    // the reload that follows our own writes mostly brings the same plan: keep the object, so nothing re-renders
    // and previews computed on it stay valid
    if (this.plan && this.plan.cafe_id === plan.cafe_id && JSON.stringify(this.plan) === JSON.stringify(plan)) return;
    this.plan = plan;
  }

  /** Something about café `cafeId` changed (or, for null, about cafés in general): reload soon if it is ours. */
  changed(cafeId: string | null): void {
    const id = this.cafeId;
    if (!id || (cafeId !== null && cafeId !== id)) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(id), 120);
  }

  /** Forgets the plan (the café was closed or deleted). */
  forget(): void {
    clearTimeout(this.#timer);
    this.cafeId = null;
    this.plan = null;
    this.error = null;
  }
}

export const seating = new SeatingState();
