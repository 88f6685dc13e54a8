// Issue 13 item 19: the model process gets an allow-listed environment, not the host's secrets.
import { describe, expect, it } from "vitest";
import { modelEnvironment } from "./model-env";

describe("modelEnvironment", () => {
  it("keeps what Node and the OS need and drops tokens, passwords and NODE_OPTIONS", () => {
    const env = modelEnvironment({
      PATH: "/bin", HOME: "/home/u", TMPDIR: "/tmp", LANG: "en_US.UTF-8", LC_ALL: "C", TZ: "UTC",
      GITHUB_TOKEN: "ghp_x", AWS_SECRET_ACCESS_KEY: "k", CAUSAL_STUDIO_SPARK_PASSWORD: "pw", NODE_OPTIONS: "--require /evil.js", npm_config_token: "t",
    }, "linux");
    expect(env).toEqual({ PATH: "/bin", HOME: "/home/u", TMPDIR: "/tmp", LANG: "en_US.UTF-8", LC_ALL: "C", TZ: "UTC", ELECTRON_RUN_AS_NODE: "1" });
  });

  it("on Windows matches names case-insensitively and keeps the system folders", () => {
    const env = modelEnvironment({ Path: "C:\\bin", SystemRoot: "C:\\Windows", windir: "C:\\Windows", USERPROFILE: "C:\\Users\\u", TEMP: "C:\\t", Secret_Token: "x" }, "win32");
    expect(env).toEqual({ Path: "C:\\bin", SystemRoot: "C:\\Windows", windir: "C:\\Windows", USERPROFILE: "C:\\Users\\u", TEMP: "C:\\t", ELECTRON_RUN_AS_NODE: "1" });
    // Elsewhere names are case-sensitive, as the OS is: "Path" is not PATH.
    expect(modelEnvironment({ Path: "/x" }, "linux")).toEqual({ ELECTRON_RUN_AS_NODE: "1" });
  });
});
