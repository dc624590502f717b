import { useState } from "react";
import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, isCommandError, messageOf } from "../../api";
import { DateField } from "../../components/DateField";
import { parseDate, todayIso } from "../../format";
import { keys, useChange } from "../../queries";

type Referral = { group: string; on: string; source: string };

/** Refers an existing member to a group that is planned or running. */
export function ReferToGroup({ memberId, onClose }: { memberId: string; onClose: () => void }) {
  const groups = useQuery({ queryKey: keys.groups, queryFn: api.listGroups });
  const open = (groups.data ?? []).filter((g) => !g.archived && (g.status === "planning" || g.status === "active"));
  const [group, setGroup] = useState("");
  const [on, setOn] = useState(todayIso());
  const [source, setSource] = useState("");
  const refer = useChange(["roster"], (r: Referral) => api.referMember(r.group, memberId, r.on, r.source));
  const chosen = group || open[0]?.id || "";
  const err = refer.error;
  const dateError = !parseDate(on) ? "Enter a real date." : isCommandError(err) && err.field === "referred_on" ? messageOf(err) : null;
  return (
    <Modal opened onClose={onClose} title="Refer to a group">
      <Stack>
        <NativeSelect
          label="Group"
          value={chosen}
          onChange={(e) => setGroup(e.currentTarget.value)}
          data={open.map((g) => ({ value: g.id, label: g.name }))}
        />
        <DateField label="Referral date" value={on} onChange={setOn} error={dateError} />
        <TextInput label="Referred by" value={source} onChange={(e) => setSource(e.currentTarget.value)} />
        {err && !dateError && <Alert color="red">{messageOf(err)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!chosen}
            loading={refer.isPending}
            onClick={() => {
              const d = parseDate(on);
              if (d) refer.mutate({ group: chosen, on: d, source }, { onSuccess: onClose });
            }}
          >
            Refer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
