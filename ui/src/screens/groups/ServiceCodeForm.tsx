import { useEffect, useState } from "react";
import { Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, isCommandError, messageOf, type ServiceCode } from "../../api";
import { keys, useChange } from "../../queries";

/** The service code the group's sessions are billed under, for the service log. */
export function ServiceCodeForm({ groupId }: { groupId: string }) {
  const current = useQuery({ queryKey: keys.serviceCode(groupId), queryFn: () => api.serviceCode(groupId) });
  const [value, setValue] = useState<ServiceCode>({ code: "", modifiers: "" });
  const [saved, setSaved] = useState(false);
  const save = useChange(["sessions"], (c: ServiceCode) => api.setServiceCode(groupId, c));
  useEffect(() => {
    if (current.data) setValue(current.data);
  }, [current.data]);
  if (!current.data) return null;
  const refused = save.isError && isCommandError(save.error) ? save.error : null;
  const codeError = value.code.trim() === "" ? "Enter a service code, such as 90853." : refused?.field === "code" ? messageOf(refused) : null;
  const modifiersError = refused?.field === "modifiers" ? messageOf(refused) : null;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (codeError) return;
    save.mutate(value, { onSuccess: () => setSaved(true) });
  };
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4">
              Billing
            </Title>
            <Text size="sm" c="dimmed">
              The service code the service log gives this group's sessions: CPT 90853 (group psychotherapy) unless
              your agency or payer asks for another, with its modifiers.
            </Text>
          </div>
          <Group align="flex-start">
            <TextInput
              label="Service code"
              value={value.code}
              onChange={(e) => setValue({ ...value, code: e.currentTarget.value })}
              error={codeError}
              w={180}
            />
            <TextInput
              label="Modifiers"
              description="Up to four, separated by spaces"
              value={value.modifiers}
              onChange={(e) => setValue({ ...value, modifiers: e.currentTarget.value })}
              error={modifiersError}
              w={220}
            />
          </Group>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save billing code
            </Button>
            {saved && (
              <Text size="sm" c="teal" role="status">
                Saved.
              </Text>
            )}
          </Group>
          {save.isError && !modifiersError && refused?.field !== "code" && <Text c="red">{messageOf(save.error)}</Text>}
        </Stack>
      </form>
    </Paper>
  );
}
