import { useCallback, useEffect, useState } from "react";
import { Alert, Center, Loader } from "@mantine/core";
import { api, messageOf, type VaultStatus } from "./api";
import { CreateVault } from "./screens/CreateVault";
import { Unlock } from "./screens/Unlock";
import { Frame } from "./screens/Frame";

export function App() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api
      .status()
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  useEffect(refresh, [refresh]);

  if (error) {
    return (
      <Center h="100vh" p="xl">
        <Alert color="red" title="Cohort could not start" maw={520}>
          {error}
        </Alert>
      </Center>
    );
  }
  if (!status) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (status.unlocked) {
    return <Frame onLocked={refresh} />;
  }
  if (status.presence === "absent") {
    return <CreateVault vaultDir={status.vault_dir} onDone={refresh} />;
  }
  return <Unlock onUnlocked={refresh} />;
}
