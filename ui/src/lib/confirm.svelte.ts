// One confirmation dialog for the whole app: `if (await confirmAction({...})) …`.

export interface ConfirmRequest {
  title: string;
  message: string;
  /** A second line, e.g. what else goes with it. */
  detail?: string;
  confirmLabel: string;
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (ok: boolean) => void;
}

class ConfirmState {
  pending: Pending | null = $state(null);

  ask(request: ConfirmRequest): Promise<boolean> {
    this.pending?.resolve(false);
    return new Promise((resolve) => {
      this.pending = { ...request, resolve };
    });
  }

  answer(ok: boolean): void {
    const p = this.pending;
    this.pending = null;
    p?.resolve(ok);
  }
}

export const confirmState = new ConfirmState();

export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  return confirmState.ask(request);
}
