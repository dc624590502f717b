import { Anchor, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

export function NotFound() {
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Nothing here
      </Title>
      <Text c="dimmed">
        This page does not exist (any more). <Anchor component={Link} to="/today">Go to Today</Anchor>.
      </Text>
    </Stack>
  );
}

/** A screen that failed to draw: say so plainly, keep the navigation, offer a way on. */
export function ScreenError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : isRouteErrorResponse(error) ? error.statusText : String(error);
  return (
    <Stack maw={720} p="lg" role="alert">
      <Title order={1} size="h2">
        This screen could not be shown
      </Title>
      <Text>
        Nothing was lost: your records are only changed when you save, and nothing was being saved. Go back, or open{" "}
        <Anchor component={Link} to="/today">
          Today
        </Anchor>
        .
      </Text>
      <Text size="sm" c="dimmed">
        What went wrong: {detail}
      </Text>
    </Stack>
  );
}
