// Every page has an address, so Back works and a group or a session can be
// returned to. The hash keeps addresses inside the app's own page.
import { createHashRouter, createMemoryRouter, Navigate, type RouteObject } from "react-router";
import { Frame } from "./screens/Frame";
import { NotFound, ScreenError } from "./screens/EmptyPage";
import { SettingsPage } from "./screens/Settings";
import { TodayPage } from "./screens/Today";
import { GroupList } from "./screens/groups/GroupList";
import { NewGroupPage } from "./screens/groups/NewGroupForm";
import { ProgramPage } from "./screens/groups/ProgramPage";
import { SessionsTab } from "./screens/groups/SessionsTab";
import { GroundRulesEditor } from "./screens/groups/GroundRulesEditor";
import { CurriculumTools } from "./screens/groups/CurriculumTools";
import { GroupBlackouts } from "./screens/groups/GroupBlackouts";
import { GroupDetailsForm } from "./screens/groups/GroupDetailsForm";
import { SessionPlanEditor } from "./screens/groups/SessionPlanEditor";
import { RosterTab } from "./screens/groups/RosterTab";
import { MembersPage } from "./screens/members/MembersPage";
import { MemberEditor } from "./screens/members/MemberEditor";
import { MemberProfilePage } from "./screens/members/MemberProfile";
import { SessionPage } from "./screens/sessions/SessionPage";
import { CatchUpPage } from "./screens/sessions/CatchUpPage";
import { NotePage } from "./screens/notes/NotePage";
import { NoteSearchPage } from "./screens/notes/NoteSearchPage";
import { PrivateNotePage } from "./screens/notes/PrivateNotePage";
import { ProgressPage } from "./screens/progress/ProgressPage";
import { SummaryPage } from "./screens/reports/SummaryPage";
import { ProgramSummaryPage } from "./screens/reports/ProgramSummaryPage";
import { MeasureEntryPage } from "./screens/progress/MeasureEntryPage";
import { DefineMeasurePage } from "./screens/progress/DefineMeasurePage";
import { MeasuresPage } from "./screens/progress/MeasuresPage";
import { GroupProgress } from "./screens/progress/GroupProgress";
import { ReportsPage } from "./screens/reports/ReportsPage";
import { RegisterPage } from "./screens/reports/RegisterPage";
import { ServiceLogPage } from "./screens/reports/ServiceLogPage";

export const routes: RouteObject[] = [
  {
    path: "/",
    element: <Frame />,
    errorElement: <ScreenError />,
    children: [
      { index: true, element: <Navigate to="/today" replace /> },
      { path: "today", element: <TodayPage />, errorElement: <ScreenError /> },
      { path: "groups", element: <GroupList />, errorElement: <ScreenError /> },
      { path: "groups/new", element: <NewGroupPage />, errorElement: <ScreenError /> },
      {
        path: "groups/:groupId",
        element: <ProgramPage />,
        errorElement: <ScreenError />,
        children: [
          { index: true, element: <SessionsTab /> },
          { path: "roster", element: <RosterTab /> },
          { path: "progress", element: <GroupProgress /> },
          { path: "rules", element: <GroundRulesEditor /> },
          { path: "curriculum", element: <CurriculumTools /> },
          { path: "blackouts", element: <GroupBlackouts /> },
          { path: "details", element: <GroupDetailsForm /> },
        ],
      },
      { path: "groups/:groupId/sessions/:sessionId", element: <SessionPlanEditor />, errorElement: <ScreenError /> },
      { path: "sessions/:sessionId", element: <SessionPage />, errorElement: <ScreenError /> },
      { path: "catch-up/:placeId", element: <CatchUpPage />, errorElement: <ScreenError /> },
      { path: "sessions/:sessionId/psychotherapy-note", element: <PrivateNotePage />, errorElement: <ScreenError /> },
      { path: "notes", element: <NoteSearchPage />, errorElement: <ScreenError /> },
      { path: "notes/:noteId", element: <NotePage />, errorElement: <ScreenError /> },
      { path: "places/:placeId/progress", element: <ProgressPage />, errorElement: <ScreenError /> },
      { path: "summaries/:summaryId", element: <SummaryPage />, errorElement: <ScreenError /> },
      { path: "places/:placeId/measures/new", element: <MeasureEntryPage />, errorElement: <ScreenError /> },
      { path: "measures", element: <MeasuresPage />, errorElement: <ScreenError /> },
      { path: "measures/new", element: <DefineMeasurePage />, errorElement: <ScreenError /> },
      { path: "members", element: <MembersPage />, errorElement: <ScreenError /> },
      { path: "members/new", element: <MemberEditor />, errorElement: <ScreenError /> },
      { path: "members/:memberId", element: <MemberProfilePage />, errorElement: <ScreenError /> },
      { path: "members/:memberId/edit", element: <MemberEditor />, errorElement: <ScreenError /> },
      { path: "reports", element: <ReportsPage />, errorElement: <ScreenError /> },
      { path: "reports/register/:groupId", element: <RegisterPage />, errorElement: <ScreenError /> },
      { path: "reports/services", element: <ServiceLogPage />, errorElement: <ScreenError /> },
      { path: "reports/program/:groupId", element: <ProgramSummaryPage />, errorElement: <ScreenError /> },
      { path: "settings", element: <SettingsPage />, errorElement: <ScreenError /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export type AppRouter = ReturnType<typeof createHashRouter>;

let shared: AppRouter | null = null;

/** The app's one router, kept across lock and unlock so the clinician returns where they were. */
export function appRouter(): AppRouter {
  shared ??= createHashRouter(routes);
  return shared;
}

/** A router for tests, starting at `path`. */
export function testRouter(path: string): AppRouter {
  return createMemoryRouter(routes, { initialEntries: [path] });
}
