import { createTheme } from "@mantine/core";

// Calm and legible: one quiet accent colour, comfortable type, visible focus.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 8,
  defaultRadius: "md",
  fontFamily: "Cantarell, 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif",
  headings: { fontFamily: "Cantarell, 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif" },
  focusRing: "always",
});
