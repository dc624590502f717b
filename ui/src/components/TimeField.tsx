import type { ReactNode } from "react";
import { TextInput } from "@mantine/core";
import { formatTime, parseTime } from "../format";

/** A local wall-clock time, typed as the locale writes one ("6:00 PM", "18:00"); tidied into that form on leaving the field. */
export function TimeField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
}) {
  return (
    <TextInput
      label={label}
      description={`Local time, such as ${formatTime("18:00")}`}
      value={value}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const t = parseTime(value);
        if (t) onChange(formatTime(t));
      }}
    />
  );
}
