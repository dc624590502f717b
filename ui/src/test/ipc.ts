// The UI tests' stand-in for the core. It answers only the commands a test
// names; any other command fails the test (recorded here and checked after
// each test, since the UI may swallow the thrown error).
import { mockIPC } from "@tauri-apps/api/mocks";

export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

const unexpected: string[] = [];
const calls: { cmd: string; args: Record<string, unknown> }[] = [];

export function mockCommands(handlers: Handlers) {
  mockIPC(
    (cmd, args) => {
      const handler = handlers[cmd];
      if (!handler) {
        unexpected.push(cmd);
        throw new Error(`The test does not expect the command ${cmd}`);
      }
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      return handler(a);
    },
    { shouldMockEvents: true },
  );
}

/** The commands called so far in this test, in order. */
export function called(cmd?: string) {
  return cmd ? calls.filter((c) => c.cmd === cmd) : calls;
}

/** Throws the core's kind of refusal from a handler. */
export function refuse(code: string, message: string, field: string | null = null): never {
  throw { code, message, field };
}

export function takeUnexpected(): string[] {
  const u = [...unexpected];
  unexpected.length = 0;
  calls.length = 0;
  return u;
}
