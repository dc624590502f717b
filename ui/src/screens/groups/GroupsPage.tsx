import { useState } from "react";
import { GroupList } from "./GroupList";
import { NewGroupForm } from "./NewGroupForm";
import { ProgramOverview } from "./ProgramOverview";
import { SessionPlanEditor } from "./SessionPlanEditor";

type View =
  | { kind: "list" }
  | { kind: "new" }
  | { kind: "program"; groupId: string; notes: string[] }
  | { kind: "session"; groupId: string; sessionId: string };

/** Groups: the list, the "new group" flow, a program's overview and its session plans. */
export function GroupsPage({ onError }: { onError: (e: unknown) => void }) {
  const [view, setView] = useState<View>({ kind: "list" });
  switch (view.kind) {
    case "list":
      return (
        <GroupList
          onNew={() => setView({ kind: "new" })}
          onOpen={(groupId) => setView({ kind: "program", groupId, notes: [] })}
          onError={onError}
        />
      );
    case "new":
      return (
        <NewGroupForm
          onCancel={() => setView({ kind: "list" })}
          onCreated={(groupId, notes) => setView({ kind: "program", groupId, notes })}
          onError={onError}
        />
      );
    case "program":
      return (
        <ProgramOverview
          groupId={view.groupId}
          initialNotes={view.notes}
          onBack={() => setView({ kind: "list" })}
          onEditSession={(sessionId) => setView({ kind: "session", groupId: view.groupId, sessionId })}
          onError={onError}
        />
      );
    case "session":
      return (
        <SessionPlanEditor
          sessionId={view.sessionId}
          onBack={() => setView({ kind: "program", groupId: view.groupId, notes: [] })}
          onError={onError}
        />
      );
  }
}
