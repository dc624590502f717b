import { Text } from "@mantine/core";
import { api } from "../../api";
import { BlackoutEditor } from "../../components/BlackoutEditor";
import { formatDate } from "../../format";
import { useProgram } from "./programContext";

/** The group's own blackout dates, and the practice-wide ones that apply too. */
export function GroupBlackouts() {
  const { program } = useProgram();
  return (
    <>
      <BlackoutEditor
        key={program.blackout_dates.map((b) => b.date).join()}
        title="This group's blackout dates"
        help="Dates this group does not meet (leave, local holidays). They apply when dates are laid out again and to make-up sessions; sessions already dated are not moved."
        initial={program.blackout_dates}
        save={(dates) => api.setGroupBlackouts(program.group.id, dates)}
      />
      <Text size="sm" c="dimmed" mt="sm">
        Practice-wide blackout dates (in Settings) apply too:{" "}
        {program.practice_blackout_dates.length === 0
          ? "none yet."
          : program.practice_blackout_dates.map((b) => formatDate(b.date)).join(", ")}
      </Text>
    </>
  );
}
