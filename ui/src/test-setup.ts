import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, expect } from "vitest";
import { takeUnexpected } from "./test/ipc";
import { clearMocks } from "@tauri-apps/api/mocks";

// jsdom lacks these; Mantine's components ask for them.
window.matchMedia =
  window.matchMedia ||
  ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }));
class RO {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(window as unknown as { ResizeObserver: typeof RO }).ResizeObserver = RO;
// jsdom has no document.fonts; Mantine's autosize textarea listens to it.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}
Element.prototype.scrollIntoView = Element.prototype.scrollIntoView || (() => {});

afterEach(() => {
  cleanup();
  clearMocks();
  expect(takeUnexpected(), "commands the test did not expect").toEqual([]);
});
