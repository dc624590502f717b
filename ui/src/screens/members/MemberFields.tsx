import { Paper, SimpleGrid, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { DateField } from "../../components/DateField";
import type { MemberForm } from "./memberForm";

/** Who the person is and how to reach them: the member form's fields. */
export function MemberFields({ form, compact = false }: { form: MemberForm; compact?: boolean }) {
  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Name
          </Title>
          <SimpleGrid cols={2}>
            <TextInput label="Legal name" {...form.getInputProps("legal_name")} data-autofocus />
            <TextInput label="Preferred name" description="The name they go by in the group" {...form.getInputProps("preferred_name")} />
            <TextInput label="Pronouns" placeholder="she/her, he/him, they/them…" {...form.getInputProps("pronouns")} />
            <DateField
              label="Date of birth"
              value={form.values.date_of_birth}
              onChange={(d) => form.setFieldValue("date_of_birth", d)}
              error={form.errors.date_of_birth}
              placeholder=""
            />
          </SimpleGrid>
        </Stack>
      </Paper>
      {!compact && (
        <>
          <Paper withBorder p="md">
            <Stack>
              <Title order={2} size="h4">
                Contact
              </Title>
              <SimpleGrid cols={2}>
                <TextInput label="Phone" {...form.getInputProps("phone")} />
                <TextInput label="Email" {...form.getInputProps("email")} />
              </SimpleGrid>
              <Title order={3} size="h5">
                Emergency contact
              </Title>
              <SimpleGrid cols={3}>
                <TextInput label="Emergency contact name" {...form.getInputProps("emergency_name")} />
                <TextInput label="Relationship" {...form.getInputProps("emergency_relationship")} />
                <TextInput label="Emergency contact phone" {...form.getInputProps("emergency_phone")} />
              </SimpleGrid>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack>
              <TextInput label="Referral source" placeholder="Who referred them" {...form.getInputProps("referral_source")} />
              <Textarea label="Notes" autosize minRows={2} {...form.getInputProps("notes")} />
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}
