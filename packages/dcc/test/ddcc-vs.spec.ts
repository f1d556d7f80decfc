import { expect } from 'chai';
import { buildDdccVsBundle, loadDefaultDccValueSets, type FhirBundle, type FhirResource } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { mockVaccinationRecord } from './fixtures/records.js';

const NOW = new Date('2026-02-01T00:00:00Z');
// The WHO DDCC implementation guide v1.0.1 (tag v1.0.1, commit 6a70834), written out here so the test can fail:
// canonical http://smart.who.int/ddcc, its profiles, extensions and the composition category code system.
const SD = 'http://smart.who.int/ddcc/StructureDefinition/';
const CATEGORY_SYSTEM = 'http://smart.who.int/ddcc/CodeSystem/DDCCCompositionCategoryCodeSystem';
const EXTENSIONS = ['DDCCEventBrand', 'DDCCVaccineMarketAuthorization', 'DDCCCountryOfEvent', 'DDCCVaccineValidFrom'];

type Options = Parameters<typeof buildDdccVsBundle>[0];

function bundle(overrides: Partial<Options> = {}): FhirBundle {
  const record = mockVaccinationRecord();
  record.vaccination.effectiveStart = '2021-06-15';
  return buildDdccVsBundle({ record, certificateId: '7K3M-9QXP-2RB4', country: 'LK',
    issuerName: 'Ministry of Health, Sri Lanka', now: NOW, validUntil: new Date('2027-02-01T00:00:00Z'),
    valueSets: loadDefaultDccValueSets(), ...overrides });
}

function resource(b: FhirBundle, type: string): FhirResource & Record<string, any> {
  const found = b.entry.find((entry) => entry.resource.resourceType === type)?.resource;
  return found ?? expect.fail(`no ${type}`);
}

function extensionOf(immunization: Record<string, any>, name: string): Record<string, unknown> {
  return immunization.extension.find((e: { url: string }) => e.url === SD + name) ?? expect.fail(`no ${name}`);
}

/** Every `reference` string anywhere in a JSON value. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'reference' && typeof item === 'string' ? [item] : references(item)));
}

describe('buildDdccVsBundle()', () => {
  describe('negative', () => {
    it('rejects an empty certificate id or issuer name', () => {
      expectHealthcredError(() => bundle({ certificateId: ' ' }), 'invalid_input', 'certificateId');
      expectHealthcredError(() => bundle({ issuerName: '' }), 'invalid_input', 'issuerName');
    });

    it('rejects a country that is not an ISO 3166-1 code, as DDCCCountryOfEvent asks for alpha-3', () => {
      for (const country of ['XX', 'Sri Lanka', 'LKAA', '', 'QQQ']) {
        expectHealthcredError(() => bundle({ country }), 'invalid_input', 'country');
      }
    });

    it('rejects a vaccine without an ICD-11 code or an EU SNOMED CT code, as vaccineCode.coding is 1..1', () => {
      const record = mockVaccinationRecord();
      delete record.vaccination.icd11Code;
      record.vaccination.vaccine = 'Soberana 02';
      const error = expectHealthcredError(() => bundle({ record }), 'invalid_input', 'vaccination.icd11Code');
      expect(error.message).to.contain('WHO DDCC:VS');
      expectHealthcredError(() => bundle({ record: { ...record, vaccination: { ...record.vaccination, vaccine: 'AZD1222 / AstraZeneca' } },
        valueSets: undefined }), 'invalid_input', 'vaccination.icd11Code');
    });
  });

  it('should build a document bundle of the IG v1.0.1 profiles, the Composition first', () => {
    const b = bundle();
    expect(b).to.deep.include({ resourceType: 'Bundle', type: 'document', timestamp: NOW.toISOString() });
    expect(b.meta).to.deep.equal({ profile: [`${SD}DDCCVSDocument`] });
    expect(b.link).to.deep.equal([{ relation: 'publication', url: 'urn:healthcred:certificate:7K3M-9QXP-2RB4' }]);
    expect(b.entry.map((e) => e.resource.resourceType)).to.deep.equal(['Composition', 'Patient', 'Organization', 'Immunization']);
    expect(b.entry.map((e) => (e.resource.meta as { profile: string[] }).profile)).to.deep.equal(
      ['DDCCVSComposition', 'DDCCPatient', 'DDCCOrganization', 'DDCCImmunization'].map((name) => [SD + name]));
    for (const entry of b.entry) expect(entry.fullUrl).to.equal(`urn:uuid:${entry.resource.id}`);
    expect(JSON.stringify(b)).not.to.contain('worldhealthorganization.github.io');
  });

  it('should resolve every reference inside the bundle', () => {
    const b = bundle();
    const urls = new Set(b.entry.map((e) => e.fullUrl));
    const refs = references(b);
    expect(refs.length).to.be.greaterThan(4);
    for (const ref of refs) expect(urls.has(ref), ref).to.equal(true);
  });

  it('should give the Composition the fixed values of DDCCComposition and DDCCVSComposition', () => {
    const composition = resource(bundle(), 'Composition');
    expect(composition).to.include({ status: 'final', title: 'Digital Documentation of COVID-19 Certificate (DDCC)' });
    expect(composition.category).to.deep.equal([{ coding: [{ system: CATEGORY_SYSTEM, code: 'ddcc-vs' }] }]);
    expect(composition.type.coding[0]).to.include({ system: 'http://loinc.org', code: '82593-5' });
    expect(composition.identifier).to.deep.equal({ system: 'urn:healthcred:certificate', value: '7K3M-9QXP-2RB4' });
    expect(composition.section).to.have.length(1);
    expect(composition.section[0].code.coding[0]).to.include({ system: 'http://loinc.org', code: '11369-6' });
    expect(composition.attester).to.have.length(1);
    expect(composition.attester[0].mode).to.equal('official');
    expect(composition.event[0].period.end).to.equal('2027-02-01T00:00:00.000Z');
  });

  it('should name the patient with text, family and given names', () => {
    expect(resource(bundle(), 'Patient')).to.deep.include({ birthDate: '1980-02-03', gender: 'male',
      name: [{ use: 'official', text: 'Nimal Perera', family: 'Perera', given: ['Nimal'] }] });
    const record = mockVaccinationRecord();
    delete record.recipient.givenName;
    delete record.recipient.familyName;
    expect(resource(bundle({ record }), 'Patient').name).to.deep.equal([{ use: 'official', text: 'Nimal Perera' }]);
  });

  it('should give the Immunization the four v1.0.1 extensions: brand, market authorization, alpha-3 country, validFrom date', () => {
    const immunization = resource(bundle(), 'Immunization');
    expect(immunization.extension.map((e: { url: string }) => e.url)).to.have.members(EXTENSIONS.map((name) => SD + name));
    expect(extensionOf(immunization, 'DDCCEventBrand')).to.have.keys('url', 'valueCoding');
    expect((extensionOf(immunization, 'DDCCEventBrand').valueCoding as object)).to.include({ code: 'EU/1/21/1529' });
    expect(extensionOf(immunization, 'DDCCVaccineMarketAuthorization')).to.have.keys('url', 'valueCoding');
    expect(extensionOf(immunization, 'DDCCCountryOfEvent')).to.deep.equal({ url: `${SD}DDCCCountryOfEvent`, valueCode: 'LKA' });
    expect(extensionOf(immunization, 'DDCCVaccineValidFrom')).to.deep.equal({ url: `${SD}DDCCVaccineValidFrom`, valueDate: '2021-06-15' });
    expect(resource(bundle({ country: 'che' }), 'Immunization').extension).to.deep.include({ url: `${SD}DDCCCountryOfEvent`, valueCode: 'CHE' });
  });

  it('should carry exactly one vaccine coding, the administering centre and the dose', () => {
    const immunization = resource(bundle(), 'Immunization');
    expect(immunization).to.deep.include({ status: 'completed', occurrenceDateTime: '2021-06-01', lotNumber: 'ABV5678',
      location: { display: 'MOH Office Colombo' }, performer: [{ actor: { display: 'Dr. K. Silva' } }] });
    expect(immunization.vaccineCode).to.deep.equal({ coding: [{ system: 'http://id.who.int/icd11/mms', code: 'XM9QW8' }],
      text: 'AZD1222 / AstraZeneca' });
    expect(immunization.protocolApplied).to.have.length(1);
    expect(immunization.protocolApplied[0]).to.deep.include({ doseNumberPositiveInt: 1, seriesDosesPositiveInt: 2 });
    expect(immunization.protocolApplied[0].targetDisease[0].coding[0]).to.include({ system: 'http://id.who.int/icd11/mms', code: 'RA01' });
    const record = mockVaccinationRecord();
    delete record.vaccination.icd11Code;
    record.vaccination.date = '2021-06-01T09:30:00';
    const snomed = resource(bundle({ record }), 'Immunization');
    // The EU vaccine-prophylaxis code (SNOMED CT) the default value sets give AstraZeneca.
    expect(snomed.vaccineCode.coding).to.deep.equal([{ system: 'http://snomed.info/sct', code: '29061000087103' }]);
    expect(snomed.occurrenceDateTime, 'a FHIR dateTime with a time has a zone').to.equal('2021-06-01T09:30:00.000Z');
  });

  it('should be deterministic for the same certificate', () => {
    expect(bundle()).to.deep.equal(bundle());
  });
});
