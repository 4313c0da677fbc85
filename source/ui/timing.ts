/** Frames reach the terminal at most this often: 10 a second, enough to watch and cheap on a NAS. */
export const FRAME_MS = 100;
/** Figures that change by themselves (memory, chunks, GCs) are drawn this often: a live view at 1 fps costs about 2 % of the analysis CPU. */
export const DATA_FRAME_MS = 1000;
/** The clock and ETA move on even when nothing happens (a pause). */
export const TICK_MS = 1000;
