import { isCommandError, messageOf } from "./api";

/**
 * Shows the core's refusal beside the field it names (when the form has
 * that field) and returns the message for a form-level alert otherwise.
 */
export function applyCoreError(
  e: unknown,
  setFieldError: (field: string, message: string) => void,
  fieldMap: Record<string, string>,
): string | null {
  if (isCommandError(e) && e.field && fieldMap[e.field]) {
    setFieldError(fieldMap[e.field] as string, e.message);
    return null;
  }
  return messageOf(e);
}
