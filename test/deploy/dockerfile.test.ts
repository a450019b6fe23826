// Structure of the Dockerfile (no Docker daemon needed): multi-stage, non-root, health-checked, data on a volume,
// and copying only files that exist and that .dockerignore lets through.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NODE_ENTRIES } from "../../scripts/build-dist.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

/** Instructions, with continuation lines joined and comments dropped; grouped by stage. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (current === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue; // comment inside a continued instruction
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = "";
  }
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    if (instruction.keyword === "FROM") {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: match?.[1] ?? "", name: match?.[2] ?? null, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") {
        const [name = "", value = ""] = instruction.args.split("=");
        args[name] = value;
      }
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const final = dockerfile.stages[dockerfile.stages.length - 1] as Stage;
const build = dockerfile.stages[0] as Stage;
const finalOf = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
const expand = (text: string) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => dockerfile.args[a ?? b ?? ""] ?? "");

/** The JSON-array form of CMD/HEALTHCHECK CMD, parsed. */
function execForm(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string"))
    throw new Error(`not an exec form: ${text}`);
  return parsed as string[];
}

describe("Dockerfile", () => {
  it("is multi-stage: a build stage with the native-addon toolchain, a runtime stage without it", () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBeTruthy();
    const buildRuns = build.instructions
      .filter((i) => i.keyword === "RUN")
      .map((i) => i.args)
      .join("\n");
    for (const tool of ["python3", "make", "g++"]) expect(buildRuns).toContain(tool);
    expect(buildRuns).toMatch(/\bnpm ci\b/);
    expect(buildRuns).toMatch(/\bnpm prune --omit=dev\b/);
    const finalRuns = finalOf("RUN")
      .map((i) => i.args)
      .join("\n");
    expect(finalRuns).not.toMatch(/g\+\+|build-essential/);
    expect(
      finalOf("COPY").some((i) => i.args.startsWith(`--from=${build.name} `) && i.args.includes("node_modules")),
    ).toBe(true);
  });

  it("uses a current Node LTS that satisfies package.json's engines", () => {
    for (const stage of dockerfile.stages) {
      const image = expand(stage.from);
      const match = /^node:(\d+)(?:[.-][\w.-]*)?$/.exec(image);
      expect(match, `${stage.from} → ${image}`).not.toBeNull();
      const major = Number(match?.[1]);
      expect(major, "a current LTS (22 or later)").toBeGreaterThanOrEqual(22);
      const engines =
        (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines?: { node?: string } })
          .engines?.node ?? "";
      const minimum = Number(/(\d+)/.exec(engines)?.[1] ?? "0");
      expect(major).toBeGreaterThanOrEqual(minimum);
    }
  });

  it("runs as a non-root user", () => {
    const users = finalOf("USER");
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]?.args.split(":")[0] ?? "";
    expect(["root", "0", ""]).not.toContain(user);
  });

  it("keeps the database on the /data volume", () => {
    expect(
      finalOf("VOLUME")
        .map((i) => i.args)
        .join(" "),
    ).toMatch(/["[\s]*\/data\b/);
    expect(
      finalOf("ENV")
        .map((i) => i.args)
        .join(" "),
    ).toMatch(/\bDATABASE_PATH=\/data\/discord-exporter\.db\b/);
  });

  it("health-checks /healthz with node's fetch and exposes 2112", () => {
    const checks = finalOf("HEALTHCHECK");
    expect(checks).toHaveLength(1);
    const text = checks[0]?.args ?? "";
    const command = execForm(text.slice(text.indexOf("CMD") + 3).trim());
    expect(command[0]).toBe("node");
    expect(command.join(" ")).toContain("/healthz");
    expect(command.join(" ")).toContain("fetch(");
    expect(
      finalOf("EXPOSE")
        .map((i) => i.args)
        .join(" "),
    ).toMatch(/\b2112\b/);
  });

  it("starts the compiled app with node itself (signals reach it), built from the entry point in src", () => {
    const cmds = finalOf("CMD");
    expect(cmds).toHaveLength(1);
    // The same command as npm start.
    const pkg0 = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(execForm(cmds[0]?.args ?? "").join(" ")).toBe(pkg0.scripts.start);
    expect(fs.existsSync(path.join(ROOT, "src/cli/main.ts"))).toBe(true);
    const build = dockerfile.stages[0]!;
    expect(build.instructions.some((i) => i.keyword === "RUN" && i.args.includes("npm run build"))).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    // npm run build is the bundler the tests' global setup runs too, and its bin entry is what CMD starts.
    expect(fs.readFileSync(path.join(ROOT, pkg.scripts.build!.replace(/^node /, "")), "utf8")).toContain(
      "build-dist.mjs",
    );
    expect(NODE_ENTRIES).toContain("src/cli/main.ts");
    expect(pkg.scripts.start).toMatch(/^node .*dist\/cli\/main\.js serve$/);
  });

  it("keeps the native addons as runtime dependencies, with their optional prebuilt binaries", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    // npm prune --omit=dev would remove them otherwise.
    expect(pkg.dependencies["better-sqlite3"]).toBeDefined();
    expect(pkg.dependencies["@napi-rs/canvas"]).toBeDefined();
    // @napi-rs/canvas's binary is an optional dependency: --omit=optional would leave the charts without it.
    const runs = dockerfile.stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === "RUN"));
    expect(runs.map((i) => i.args).join("\n")).not.toMatch(/--omit[= ]optional|--no-optional/);
  });

  it("copies into the build stage the script that npm run build runs", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const script = /^node (\S+)$/.exec(pkg.scripts.build ?? "")?.[1];
    expect(script).toBeDefined();
    const copied = build.instructions
      .filter((i) => i.keyword === "COPY" && !i.args.includes("--from="))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied.some((source) => source === script || script?.startsWith(`${source}/`))).toBe(true);
  });

  it("runs compiled JavaScript only: no TypeScript loader in the image, the demo's fake Discord bundled", () => {
    const cmd = execForm(finalOf("CMD")[0]?.args ?? "[]");
    expect(cmd.join(" ")).not.toMatch(/\btsx\b|\.ts\b/);
    const buildRuns = build.instructions
      .filter((i) => i.keyword === "RUN")
      .map((i) => i.args)
      .join("\n");
    // The file docker-compose.yml's fake-discord service runs (test/deploy/compose.test.ts holds it to this name).
    expect(buildRuns).toMatch(/esbuild fake-discord\/main\.ts --bundle .*--outfile=dist\/fake-discord\/main\.js/);
    expect(fs.existsSync(path.join(ROOT, "fake-discord/main.ts"))).toBe(true);
    // tsx is a dependency for the scripts run from source (npm run demo, ...), not for the image.
    expect(buildRuns).toMatch(/npm pkg delete dependencies\.tsx\b/);
  });

  it("copies only files that exist and that .dockerignore does not exclude, including the migrations", () => {
    const ignored = new Set(
      fs
        .readFileSync(path.join(ROOT, ".dockerignore"), "utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("!")),
    );
    const sources = dockerfile.stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i.keyword === "COPY" && !i.args.includes("--from="))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((word) => !word.startsWith("--"))
          .slice(0, -1),
      );
    expect(sources).toContain("migrations");
    expect(sources).toContain("src");
    expect(sources).toContain("package-lock.json");
    for (const source of sources) {
      expect(fs.existsSync(path.join(ROOT, source)), `COPY ${source}: missing`).toBe(true);
      expect(
        ignored.has(source) || ignored.has(source.split("/")[0] ?? ""),
        `COPY ${source}: excluded by .dockerignore`,
      ).toBe(false);
    }
  });
});
