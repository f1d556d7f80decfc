import type { VaccinationRecord } from '@healthcred/types';

/** A typical vaccination record (about 21 quads once signed), the same for every run. */
export function benchRecord(): VaccinationRecord {
  return {
    recipient: {
      refId: 'PQfMcpmXeFE', name: 'සුනිල් පෙරේරා', dob: '1985-04-12', gender: 'Male', age: 36,
      nationality: 'Sri Lankan',
      address: { streetAddress: '12 Galle Road', district: 'Colombo', addressRegion: 'Western', addressCountry: 'LK' },
    },
    vaccination: {
      vaccine: 'COVISHIELD', manufacturer: 'Serum Institute of India', batch: '4121Z025',
      date: '2021-06-15T09:30:00.000', dose: 2, totalDoses: 2, icd11Code: 'XM9QW8', prophylaxis: 'COVID-19',
    },
    facility: { name: 'MOH Office Dehiwala', address: { district: 'Colombo', addressCountry: 'LK' } },
    verifier: { name: 'Dr. N. Fernando' },
  };
}
