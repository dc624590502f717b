import { useEffect, useState } from "react";
import { Alert, Center, Loader } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { api, messageOf } from "./api";
import { forgetRecords, keys, onVaultLocked } from "./queries";
import { appRouter, type AppRouter } from "./router";
import { CreateVault } from "./screens/CreateVault";
import { StartAgain } from "./screens/StartAgain";
import { Unlock } from "./screens/Unlock";
import { LockContext } from "./screens/Frame";

/** The vault gate: create, unlock, or the app itself (with its router). */
export function App({ router }: { router?: AppRouter }) {
  const client = useQueryClient();
  const status = useQuery({ queryKey: keys.status, queryFn: api.status });
  const [appRouterInstance] = useState(() => router ?? appRouter());
  useEffect(() => onVaultLocked(() => forgetRecords(client)), [client]);
  const refresh = () => void client.invalidateQueries({ queryKey: keys.status });

  if (status.isError) {
    return (
      <Center h="100vh" p="xl">
        <Alert color="red" title="Cohort could not start" maw={520}>
          {messageOf(status.error)}
        </Alert>
      </Center>
    );
  }
  if (!status.data) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (status.data.unlocked) {
    return (
      <LockContext.Provider value={() => forgetRecords(client)}>
        <RouterProvider router={appRouterInstance} />
      </LockContext.Provider>
    );
  }
  if (status.data.presence === "half_made") {
    return <StartAgain vaultDir={status.data.vault_dir} onDone={refresh} />;
  }
  if (status.data.presence === "absent") {
    return <CreateVault vaultDir={status.data.vault_dir} onDone={refresh} />;
  }
  return <Unlock onUnlocked={refresh} />;
}
