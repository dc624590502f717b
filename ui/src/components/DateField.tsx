import { useRef, type ReactNode } from "react";
import { DateInput } from "@mantine/dates";
import { formatDate, isIsoDate, parseDate } from "../format";

type Props = {
  label: string;
  /** YYYY-MM-DD once it is a real date; otherwise the text as typed (the form says what is wrong). */
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  onBlur?: () => void;
};

/**
 * A date: typed (YYYY-MM-DD, the locale's own short form, or as the screens
 * show dates) or picked from a calendar. Shown in the one date format the
 * app uses. Text that is not a real date stays as typed, never corrected
 * behind the clinician's back: the form shows why and refuses to save.
 */
export function DateField({ label, value, onChange, error, description, placeholder, onBlur }: Props) {
  const lastValid = useRef<string | null>(isIsoDate(value) ? value : null);
  if (isIsoDate(value)) lastValid.current = value;
  return (
    <DateInput
      label={label}
      value={lastValid.current}
      onChange={(d) => onChange(d ?? "")}
      onInput={(e) => {
        const text = e.currentTarget.value;
        if (parseDate(text) === null) onChange(text.trim() === "" ? "" : text);
      }}
      onBlur={onBlur}
      dateParser={parseDate}
      valueFormat={(d) => formatDate(d)}
      fixOnBlur={false}
      allowDeselect
      error={error}
      description={description}
      placeholder={placeholder ?? formatDate("2027-01-18")}
      popoverProps={{ withinPortal: true }}
      // Escape closes the calendar, never the dialog the field is in.
      data-mantine-stop-propagation="true"
    />
  );
}
