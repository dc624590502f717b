import { useOutletContext } from "react-router";
import type { Program } from "../../api";

/** What the program page hands its tabs: the program, and a way to tell the clinician what an action did. */
export type ProgramContext = {
  program: Program;
  /** Shows the core's notes above the tabs and brings them, and the end date, into view. */
  showNotes: (notes: string[]) => void;
};

export function useProgram(): ProgramContext {
  return useOutletContext<ProgramContext>();
}
