import { useState } from "react";
import { Alert, Button, Text } from "@mantine/core";
import { api, messageOf } from "../api";
import { useBackupStatus } from "./BackupNotice";

/**
 * After the passphrase changed or the keys were rotated: earlier backups
 * still open only with the old ones. With automatic backups set up, a fresh
 * one is being made (the core starts it); without, one is offered here.
 */
export function FreshBackupOffer() {
  const status = useBackupStatus();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const automatic = status.data?.settings.folder != null;
  const backUp = async () => {
    setError(null);
    try {
      const path = await api.backUpToFile();
      if (path) setSaved(path);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Alert color="blue" title="Your earlier backups still need the old passphrase" role="status">
      <Text size="sm">
        Backups made before now open only with the passphrase and recovery key you had then.{" "}
        {automatic
          ? "A fresh automatic backup is being made now, so your newest one opens with what you use today."
          : "Make a fresh backup now, so you have one that opens with what you use today."}
      </Text>
      {!automatic && !saved && (
        <Button size="xs" mt="xs" variant="default" onClick={() => void backUp()}>
          Back up to a file…
        </Button>
      )}
      {saved && (
        <Text size="sm" mt="xs" c="teal.8">
          Backed up to {saved}.
        </Text>
      )}
      {error && (
        <Text size="sm" mt="xs" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </Alert>
  );
}
