// A short, soft chime made with the Web Audio API (no audio files): two sine tones, the second a fifth above for a
// warning and a fourth below for the end. Fails silently where there is no audio.

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume().catch(() => {});
    return context;
  } catch {
    return null;
  }
}

/** Prepares audio during a user gesture (a click), so that a later chime may sound. */
export function unlockAudio(): void {
  audio();
}

function tone(ctx: AudioContext, frequency: number, start: number, length: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.25, start + 0.03);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + length + 0.05);
}

/** Plays the chime: `warning` rises, `end` falls. */
export function chime(kind: "warning" | "end"): void {
  try {
    const ctx = audio();
    if (!ctx) return;
    const t = ctx.currentTime + 0.02;
    const [a, b] = kind === "warning" ? [659.25, 987.77] : [783.99, 523.25];
    tone(ctx, a, t, 0.9);
    tone(ctx, b, t + 0.35, 1.2);
  } catch {
    // no audio
  }
}
