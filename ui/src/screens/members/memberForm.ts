// The member form: its values, its rules checked as you type (the core
// checks again and its refusal is shown beside the field).
import { useForm, type UseFormReturnType } from "@mantine/form";
import type { MemberInput } from "../../api";
import type { Member } from "../../bindings/Member";
import { parseDate, todayIso } from "../../format";

export type MemberForm = UseFormReturnType<MemberInput>;

/** The form's fields, as the core names them in a refusal. */
export const MEMBER_FIELDS = new Set<string>([
  "legal_name",
  "preferred_name",
  "pronouns",
  "date_of_birth",
  "phone",
  "email",
  "emergency_name",
  "emergency_relationship",
  "emergency_phone",
  "referral_source",
  "notes",
]);

/** "Saved: the phone and email changed." from the fields the core names as changed. */
export function savedNote(names: string[]): string {
  if (names.length === 0) return "Nothing had changed.";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Saved: the ${list} changed.`;
}

export function blankMember(): MemberInput {
  return {
    legal_name: "",
    preferred_name: "",
    pronouns: "",
    date_of_birth: "",
    phone: "",
    email: "",
    emergency_name: "",
    emergency_relationship: "",
    emergency_phone: "",
    referral_source: "",
    notes: "",
  };
}

export function memberValues(m: Member): MemberInput {
  return { ...m, date_of_birth: m.date_of_birth ?? "" };
}

/** What the core takes: a typed date of birth as YYYY-MM-DD. */
export function toMemberInput(v: MemberInput): MemberInput {
  return { ...v, date_of_birth: v.date_of_birth.trim() === "" ? "" : (parseDate(v.date_of_birth) ?? v.date_of_birth) };
}

const PHONE = /^[0-9 +\-().]*$/;

export function useMemberForm(initial: MemberInput): MemberForm {
  return useForm<MemberInput>({
    mode: "controlled",
    initialValues: initial,
    validateInputOnChange: true,
    validate: {
      legal_name: (v) => (v.trim() === "" ? "The legal name is required." : v.trim().length > 120 ? "At most 120 characters." : null),
      date_of_birth: (v) => {
        if (v.trim() === "") return null;
        const d = parseDate(v);
        if (!d) return "Enter a real date.";
        return d > todayIso() ? "The date of birth cannot be in the future." : null;
      },
      email: (v) =>
        v.trim() === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : "That is not an email address, such as name@example.org.",
      phone: (v) => (PHONE.test(v) ? null : "Digits, spaces and + - ( ) . only."),
      emergency_phone: (v) => (PHONE.test(v) ? null : "Digits, spaces and + - ( ) . only."),
    },
  });
}
