import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useNavigate } from "react-router";
import { api, messageOf, type Program } from "../../api";
import { coreText } from "../../format";
import { useChange } from "../../queries";

/** Deleting a group is possible only while nothing is recorded for it; otherwise the archive is offered. */
export function DeleteGroupModal({
  program,
  onClose,
  onArchived,
}: {
  program: Program;
  onClose: () => void;
  onArchived: () => void;
}) {
  const navigate = useNavigate();
  const g = program.group;
  const remove = useChange(["planning", "measures"], () => api.deleteGroup(g.id));
  const archive = useChange(["planning", "measures"], () => api.setGroupArchived(g.id, true));
  // The core's refusal, if it refuses after all (something was recorded meanwhile).
  const blocker = program.delete_blocker ?? (remove.isError ? messageOf(remove.error) : null);
  return (
    <Modal opened onClose={onClose} title={blocker ? "This group cannot be deleted" : `Delete “${g.name}”?`}>
      {blocker ? (
        <Stack>
          <Text size="sm">{coreText(blocker)}</Text>
          {archive.isError && <Alert color="red">{messageOf(archive.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            {!g.archived && (
              <Button loading={archive.isPending} onClick={() => archive.mutate(undefined, { onSuccess: onArchived })}>
                Archive instead
              </Button>
            )}
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            Nothing has been recorded for this group yet, so it can be deleted with its dates, session plans, blackout
            dates and agreement. This cannot be undone. To keep it out of your lists instead, archive it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep the group
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => navigate("/groups", { state: { notes: [`“${g.name}” was deleted.`] } }),
                })
              }
            >
              Delete group
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
