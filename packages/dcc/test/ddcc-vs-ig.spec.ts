// Our DDCC:VS bundle against the WHO DDCC implementation guide v1.0.1 itself: its published example bundle
// (ExampleEnglish) and the snapshots of its profiles, read from a local clone of WorldHealthOrganization/ddcc (the IG
// source; its gh-pages branch holds the release build under branches/1.0.1). Without the clone the suite prints a
// NOTICE and skips; ddcc-vs.spec.ts asserts the same URLs and rules written out.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { buildDdccVsBundle, loadDefaultDccValueSets, type FhirBundle } from '@healthcred/dcc';
import { mockVaccinationRecord } from './fixtures/records.js';
import { profileProblems, valueKeyOf } from './fixtures/fhir-profile.js';

const IG_GIT_DIR = process.env.HEALTHCRED_DDCC_IG_GIT_DIR ?? '/work/.mirror/WorldHealthOrganization+ddcc/repo';
/** The commit tagged v1.0.1 in the IG repository. */
const V1_0_1 = '6a70834519aeeedee9a9ea3503873c6c7da6ab6a';
const RELEASE = 'gh-pages:branches/1.0.1';

type Json = Record<string, any>;

function git(...args: string[]): string {
  return execFileSync('git', ['--git-dir', IG_GIT_DIR, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const releaseJson = (file: string): Json => JSON.parse(git('show', `${RELEASE}/${file}`));

function ours(): FhirBundle {
  const record = mockVaccinationRecord();
  record.vaccination.effectiveStart = '2021-06-15';
  return buildDdccVsBundle({ record, certificateId: '7K3M-9QXP-2RB4', country: 'LK', issuerName: 'Ministry of Health, Sri Lanka',
    now: new Date('2026-02-01T00:00:00Z'), validUntil: new Date('2027-02-01T00:00:00Z'), valueSets: loadDefaultDccValueSets() });
}

const byType = (bundle: Json): Record<string, Json> =>
  Object.fromEntries(bundle.entry.map((entry: Json) => [entry.resource.resourceType, entry.resource]));

describe('buildDdccVsBundle() against the WHO DDCC IG v1.0.1 release', function () {
  let example: Json;

  before(function () {
    if (!existsSync(IG_GIT_DIR)) {
      console.log(`NOTICE: DDCC IG suite skipped: no clone of WorldHealthOrganization/ddcc at ${IG_GIT_DIR} ` +
        '(set HEALTHCRED_DDCC_IG_GIT_DIR to its git directory).');
      this.skip();
    }
    example = releaseJson('Bundle-ExampleEnglish.json');
  });

  it('should read the v1.0.1 release: tag v1.0.1 at the known commit, the build of IG version 1.0.1', () => {
    expect(git('rev-parse', 'v1.0.1^{commit}').trim()).to.equal(V1_0_1);
    const ig = releaseJson('ImplementationGuide-who.ddcc.json');
    expect(ig).to.include({ url: 'http://smart.who.int/ddcc/ImplementationGuide/who.ddcc', version: '1.0.1' });
  });

  it("should use the example bundle's profile for each resource and the bundle", () => {
    const theirs = byType(example);
    const mine = byType(ours());
    expect(Object.keys(mine)).to.have.members(Object.keys(theirs).filter((type) => type !== 'ImmunizationRecommendation'));
    expect(ours().meta).to.deep.equal(example.meta);
    for (const type of Object.keys(mine)) expect(mine[type]!.meta, type).to.deep.equal(theirs[type]!.meta);
  });

  it("should use the example Immunization's extension URLs, each with its value type, country alpha-3, validFrom a date", () => {
    const theirs = byType(example).Immunization!.extension as Json[];
    const mine = byType(ours()).Immunization!.extension as Json[];
    const shape = (extensions: Json[]) => Object.fromEntries(extensions.map((e) => [e.url, valueKeyOf(e)]));
    expect(shape(mine)).to.deep.equal(shape(theirs));
    const country = (extensions: Json[]) => extensions.find((e) => e.url.endsWith('/DDCCCountryOfEvent'))!.valueCode as string;
    expect(country(theirs)).to.match(/^[A-Z]{3}$/);
    expect(country(mine)).to.equal('LKA');
    const validFrom = (extensions: Json[]) => extensions.find((e) => e.url.endsWith('/DDCCVaccineValidFrom'))!.valueDate as string;
    expect(validFrom(theirs)).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(validFrom(mine)).to.equal('2021-06-15');
  });

  it("should use the example's code systems: document type, section, vaccine, disease", () => {
    const theirs = byType(example);
    const mine = byType(ours());
    const codes = (codeable: Json) => codeable.coding.map((c: Json) => `${c.system}|${c.code}`);
    expect(codes(mine.Composition!.type)).to.deep.equal(codes(theirs.Composition!.type));
    expect(codes(mine.Composition!.section[0].code)).to.deep.equal(codes(theirs.Composition!.section[0].code));
    expect(mine.Immunization!.vaccineCode.coding.map((c: Json) => c.system))
      .to.deep.equal(theirs.Immunization!.vaccineCode.coding.map((c: Json) => c.system));
    expect(codes(mine.Immunization!.protocolApplied[0].targetDisease[0]))
      .to.deep.equal(codes(theirs.Immunization!.protocolApplied[0].targetDisease[0]));
  });

  it("should meet the snapshots of the release's profiles: cardinalities, patterns (the category code system), extension slices", () => {
    const bundle = ours();
    const checks: Array<[string, Json]> = [['DDCCVSDocument', bundle], ...bundle.entry.map((entry): [string, Json] =>
      [(entry.resource.meta as { profile: string[] }).profile[0]!.split('/').at(-1)!, entry.resource])];
    for (const [profile, resource] of checks) {
      const definition = releaseJson(`StructureDefinition-${profile}.json`);
      expect(definition.version, profile).to.equal('1.0.1');
      expect(profileProblems(definition, resource), profile).to.deep.equal([]);
    }
  });

  it("should have a snapshot reader that finds what the old bundle got wrong (the reader's own check)", () => {
    const immunization = structuredClone(byType(ours()).Immunization!);
    for (const extension of immunization.extension) extension.url = extension.url.replace('DDCCEventBrand', 'DDCCVaccineBrand');
    delete immunization.location;
    immunization.vaccineCode.coding.push({ system: 'http://snomed.info/sct', code: '29061000087103' });
    const problems = profileProblems(releaseJson('StructureDefinition-DDCCImmunization.json'), immunization);
    expect(problems.join('\n')).to.contain('extension:vaccineBrand').and.to.contain('Immunization.location')
      .and.to.contain('Immunization.vaccineCode.coding: 2 values');
    const composition = structuredClone(byType(ours()).Composition!);
    composition.category[0].coding[0].system = 'http://worldhealthorganization.github.io/ddcc/CodeSystem/DDCC-Composition-Category-CodeSystem';
    expect(profileProblems(releaseJson('StructureDefinition-DDCCVSComposition.json'), composition).join('\n'))
      .to.contain('Composition.category');
  });
});
