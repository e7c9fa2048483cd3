import type { LifecycleDeps } from "../../src/runner/lifecycle/deps.js";
import { FakeBackend } from "./backend.js";
import { FakeClock } from "./clock.js";
import { FakeRegistry } from "./registry.js";
import { RecordingReporter } from "./reporter.js";

/** A fake GitHub and a fake Docker host sharing one virtual clock, wired like the real ones. */
export class FakeWorld {
  readonly clock = new FakeClock();
  readonly registry = new FakeRegistry(this.clock);
  readonly backend = new FakeBackend(this.clock, this.registry);
  readonly reporter = new RecordingReporter();

  get deps(): LifecycleDeps {
    return { registry: this.registry, backend: this.backend, reporter: this.reporter, clock: this.clock };
  }

  /**
   * GitHub hands a job for `label` to an online runner carrying it. The runner is busy for `seconds`,
   * then, being ephemeral, its registration is deleted and its container exits.
   */
  runJob(label: string, seconds: number): string {
    const runner = [...this.registry.runners.values()].find(
      (candidate) => candidate.status === "online" && !candidate.busy && candidate.labels.includes(label),
    );
    if (runner === undefined) throw new Error(`no idle online runner carries ${label}`);
    runner.busy = true;
    this.clock.schedule(seconds * 1000, () => {
      this.registry.runners.delete(runner.id);
      const container = [...this.backend.containers.values()].find((c) => c.spec.encodedJitConfig === runner.jitConfig);
      if (container !== undefined) this.backend.exit(container);
    });
    return runner.name;
  }

  /** Whatever is left at GitHub and on the host; both empty when nothing leaked. */
  leftovers(): { readonly registrations: string[]; readonly containers: string[] } {
    return {
      registrations: [...this.registry.runners.values()].map((runner) => runner.name),
      containers: [...this.backend.containers.values()].map((container) => container.name),
    };
  }
}
