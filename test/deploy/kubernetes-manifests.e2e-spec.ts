import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';

const DIR = join(process.cwd(), 'deploy', 'kubernetes');

/** The Kubernetes JSON schemas (via kubernetes-models) for every kind the manifests use. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

function manifests(): { file: string; doc: Record<string, any> }[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) {
          throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
        }
        return { file, doc: document.toJS() as Record<string, any> };
      }),
    );
}

describe('Kubernetes manifests', () => {
  it('should all be valid against the Kubernetes schemas', () => {
    const found = manifests();
    expect(found.map((m) => `${m.doc.apiVersion}/${m.doc.kind}`).sort()).toEqual(
      Object.keys(MODELS).sort(),
    );
    for (const { file, doc } of found) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model!(doc).validate()).not.toThrow();
      void file;
    }
  });

  it('should probe the contract health endpoints and drain within the grace period', () => {
    const deployment = manifests().find((m) => m.doc.kind === 'Deployment')!.doc;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    const config = manifests().find((m) => m.doc.kind === 'ConfigMap')!.doc.data;
    const preStop = container.lifecycle.preStop.sleep.seconds as number;
    const drainSeconds =
      Number(config.SHUTDOWN_DRAIN_MS) / 1000 + Number(config.SHUTDOWN_DELAY_MS) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + drainSeconds);
  });

  it('should refuse a broken manifest, so the check above can fail', () => {
    const deployment = manifests().find((m) => m.doc.kind === 'Deployment')!.doc;
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow();
  });
});
