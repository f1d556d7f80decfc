import { expect } from 'chai';
import { buildDdccVsBundle, loadDefaultDccValueSets, type FhirBundle, type FhirResource } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { mockVaccinationRecord } from './fixtures/records.js';

const NOW = new Date('2026-02-01T00:00:00Z');
const DDCC = 'http://worldhealthorganization.github.io/ddcc/StructureDefinition/';

function bundle(): FhirBundle {
  return buildDdccVsBundle({ record: mockVaccinationRecord(), certificateId: '7K3M-9QXP-2RB4', country: 'LK',
    issuerName: 'Ministry of Health, Sri Lanka', now: NOW, validUntil: new Date('2027-02-01T00:00:00Z'),
    valueSets: loadDefaultDccValueSets() });
}

function resource(b: FhirBundle, type: string): FhirResource & Record<string, any> {
  const found = b.entry.find((entry) => entry.resource.resourceType === type)?.resource;
  return found ?? expect.fail(`no ${type}`);
}

/** Every `reference` string anywhere in a JSON value. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'reference' && typeof item === 'string' ? [item] : references(item)));
}

describe('buildDdccVsBundle()', () => {
  it('should build a FHIR document bundle with the Composition first and the DDCC:VS profiles', () => {
    const b = bundle();
    expect(b).to.deep.include({ resourceType: 'Bundle', type: 'document', timestamp: NOW.toISOString() });
    expect(b.meta).to.deep.equal({ profile: [`${DDCC}DDCCVSDocument`] });
    expect(b.entry.map((e) => e.resource.resourceType)).to.deep.equal(['Composition', 'Patient', 'Organization', 'Immunization']);
    expect(b.entry.map((e) => (e.resource.meta as { profile: string[] }).profile[0])).to.deep.equal(
      ['DDCCVSComposition', 'DDCCPatient', 'DDCCOrganization', 'DDCCImmunization'].map((name) => DDCC + name));
    for (const entry of b.entry) expect(entry.fullUrl).to.equal(`urn:uuid:${entry.resource.id}`);
  });

  it('should resolve every reference inside the bundle', () => {
    const b = bundle();
    const urls = new Set(b.entry.map((e) => e.fullUrl));
    const refs = references(b);
    expect(refs.length).to.be.greaterThan(4);
    for (const ref of refs) expect(urls.has(ref), ref).to.equal(true);
  });

  it('should carry the required elements of Composition, Patient and Immunization', () => {
    const b = bundle();
    const composition = resource(b, 'Composition');
    expect(composition).to.include({ status: 'final', title: 'Digital Documentation of COVID-19 Certificate (DDCC)' });
    expect(composition.type.coding[0]).to.include({ system: 'http://loinc.org', code: '82593-5' });
    expect(composition.identifier).to.deep.equal({ system: 'urn:healthcred:certificate', value: '7K3M-9QXP-2RB4' });
    expect(composition.section[0].code.coding[0].code).to.equal('11369-6');
    expect(composition.attester[0].mode).to.equal('official');
    expect(composition.author).to.have.length(1);
    const patient = resource(b, 'Patient');
    expect(patient).to.deep.include({ birthDate: '1980-02-03', gender: 'male',
      name: [{ use: 'official', text: 'Nimal Perera', family: 'Perera', given: ['Nimal'] }] });
    const immunization = resource(b, 'Immunization');
    expect(immunization).to.deep.include({ status: 'completed', occurrenceDateTime: '2021-06-01', lotNumber: 'ABV5678',
      location: { display: 'MOH Office Colombo' }, performer: [{ actor: { display: 'Dr. K. Silva' } }] });
    expect(immunization.vaccineCode).to.deep.equal({ coding: [{ system: 'http://id.who.int/icd11/mms', code: 'XM9QW8' }],
      text: 'AZD1222 / AstraZeneca' });
    expect(immunization.protocolApplied[0]).to.deep.include({ doseNumberPositiveInt: 1, seriesDosesPositiveInt: 2 });
    expect(immunization.protocolApplied[0].targetDisease[0].coding[0]).to.include({ code: 'RA01' });
    const brand = immunization.extension.find((e: { url: string }) => e.url.endsWith('DDCCVaccineBrand'));
    expect(brand.valueCoding).to.include({ code: 'EU/1/21/1529' });
    expect(immunization.extension.find((e: { url: string }) => e.url.endsWith('DDCCCountryOfVaccination')).valueCode).to.equal('LK');
  });

  it('should be deterministic for the same certificate', () => {
    expect(bundle()).to.deep.equal(bundle());
  });

  describe('negative', () => {
    it('rejects an empty certificate id', () => {
      expectHealthcredError(() => buildDdccVsBundle({ record: mockVaccinationRecord(), certificateId: ' ', country: 'LK',
        issuerName: 'MoH', now: NOW }), 'invalid_input', 'certificateId');
    });
  });
});
