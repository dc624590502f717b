import { useState } from "react";
import { Alert, Button, Center, Code, Paper, Stack, Text, Title } from "@mantine/core";
import { api, messageOf } from "../api";

/**
 * The folder holds a database without its header file: it can never be
 * opened. Say so, and offer to start again; the database is kept aside,
 * renamed, never deleted.
 */
export function StartAgain({ vaultDir, onDone }: { vaultDir: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [keptAs, setKeptAs] = useState<string | null>(null);

  const startAgain = async () => {
    setBusy(true);
    setError(null);
    try {
      setKeptAs(await api.startAgain());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="xl" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" maw={560} w="100%">
        <Stack>
          <Title order={1} size="h2">
            {keptAs ? "Ready for a new vault" : "This vault was never finished"}
          </Title>
          {keptAs ? (
            <>
              <Text>
                The unfinished database was moved to <Code>{keptAs}</Code>, beside the vault folder. Nothing was deleted.
                You can now create your vault.
              </Text>
              <Button onClick={onDone}>Create a new vault</Button>
            </>
          ) : (
            <>
              <Text>
                The folder <Code>{vaultDir}</Code> holds a vault database (<Code>cohort.db</Code>) but not its header file
                (<Code>vault.json</Code>), which holds the keys to open it. Without it the database can never be opened.
                This happens when creating a vault was stopped before it finished, or when the header file was removed.
              </Text>
              <Text>
                If you have a backup of this folder, close Cohort and put its <Code>vault.json</Code> back. Otherwise,
                start again: Cohort moves the database to a folder of its own beside this one (nothing is deleted), and you
                create a new vault.
              </Text>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <Button onClick={startAgain} loading={busy}>
                Start again with a new vault
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
