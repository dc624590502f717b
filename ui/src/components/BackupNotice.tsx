import { Alert, Anchor, List, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, type BackupStatus } from "../api";
import { coreText, formatAgo } from "../format";
import { keys } from "../queries";

/** The backup status, read again each minute (a drive can be unplugged at any time). */
export function useBackupStatus() {
  return useQuery({ queryKey: keys.backupStatus, queryFn: api.backupStatus, refetchInterval: 60_000 });
}

/** "Last backup: just now", or that none was made. */
export function lastBackupText(status: BackupStatus): string {
  return status.last ? `Last backup: ${formatAgo(status.last.at)}` : "No backup yet";
}

/**
 * When the last good backup was made, and what needs doing about backups,
 * in words; on Today, a link to where it is done.
 */
export function BackupNotice({ status, onToday = false }: { status: BackupStatus; onToday?: boolean }) {
  const line = lastBackupText(status);
  if (status.warnings.length === 0) {
    return (
      <Text size="sm" c="dimmed" role="status">
        {line}
        {status.last?.automatic ? " (automatic)" : ""}.
      </Text>
    );
  }
  return (
    <Alert color="yellow" title={line} role="status">
      <List size="sm" spacing={4}>
        {status.warnings.map((w) => (
          <List.Item key={w}>{coreText(w)}</List.Item>
        ))}
      </List>
      {onToday && (
        <Anchor component={Link} to="/settings#backups" size="sm" mt="xs" display="inline-block">
          Backups in Settings
        </Anchor>
      )}
    </Alert>
  );
}
