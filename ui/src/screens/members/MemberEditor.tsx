import { Alert, Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api, isCommandError, messageOf, type MemberInput } from "../../api";
import type { Member } from "../../bindings/Member";
import { keys, useChange } from "../../queries";
import { MemberFields } from "./MemberFields";
import { blankMember, MEMBER_FIELDS, memberValues, savedNote, toMemberInput, useMemberForm } from "./memberForm";

/** Members → New member, or a member's Edit. */
export function MemberEditor() {
  const { memberId } = useParams();
  const existing = useQuery({
    queryKey: keys.member(memberId ?? ""),
    queryFn: () => api.member(memberId ?? ""),
    enabled: !!memberId,
  });
  if (memberId && !existing.data) {
    return existing.isError ? <Alert color="red">{messageOf(existing.error)}</Alert> : <Text c="dimmed">Loading…</Text>;
  }
  return <Editor key={memberId ?? "new"} member={existing.data?.member ?? null} />;
}

function Editor({ member }: { member: Member | null }) {
  const navigate = useNavigate();
  const form = useMemberForm(member ? memberValues(member) : blankMember());
  const save = useChange(["roster"], 
    (input: MemberInput): Promise<{ id: string; note: string }> =>
      member
        ? api.updateMember(member.id, input).then((changed) => ({ id: member.id, note: savedNote(changed) }))
        : api.createMember(input).then((id) => ({ id, note: "Added. Refer them to a group from here when you are ready." })),
  );
  const submit = form.onSubmit(async (values) => {
    try {
      const { id, note } = await save.mutateAsync(toMemberInput(values));
      navigate(`/members/${id}`, { replace: !member, state: { notes: [note] } });
    } catch (e) {
      if (isCommandError(e) && e.field && MEMBER_FIELDS.has(e.field)) form.setFieldError(e.field, messageOf(e));
    }
  });
  const failed = save.isError && !(isCommandError(save.error) && save.error.field && MEMBER_FIELDS.has(save.error.field));
  const back = member ? `/members/${member.id}` : "/members";
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={900}>
        <Anchor component={Link} to={back} size="sm" w="fit-content">
          ← {member ? member.legal_name : "All members"}
        </Anchor>
        <Title order={1} size="h2">
          {member ? `Edit ${member.legal_name}` : "New member"}
        </Title>
        <MemberFields form={form} />
        {failed && (
          <Alert color="red" role="alert">
            {messageOf(save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {member ? "Save member" : "Add member"}
          </Button>
          <Button variant="default" component={Link} to={back}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
