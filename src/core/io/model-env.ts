/**
 * The environment the model process gets: an allow-list, not the host's whole environment (which holds
 * tokens: GITHUB_TOKEN, cloud keys, CAUSAL_STUDIO_SPARK_PASSWORD ...). What is kept is what Node, a
 * model's packages and the OS need to run: PATH (and PATHEXT), the home and temp folders, the locale
 * and time zone, Windows' system folders. NODE_OPTIONS is left out on purpose: it can --require code
 * into the child or change its memory limit behind the runner's back. Windows names are matched
 * case-insensitively, as Windows does. This limits what leaks by accident; it is not a sandbox (the
 * README says so): model code can still read files, use the network and spawn processes.
 */
const KEEP = new Set(["PATH", "PATHEXT", "HOME", "USERPROFILE", "TMPDIR", "TEMP", "TMP", "LANG", "LANGUAGE", "TZ", "SYSTEMROOT", "WINDIR", "SYSTEMDRIVE"]);

export function modelEnvironment(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const key = platform === "win32" ? name.toUpperCase() : name;
    if (KEEP.has(key) || key.startsWith("LC_")) out[name] = value;
  }
  // Inside VS Code's extension host execPath is Electron; this makes it behave as plain Node.
  out.ELECTRON_RUN_AS_NODE = "1";
  return out;
}
