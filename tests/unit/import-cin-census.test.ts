/**
 * The CIN census as an import: the XML read child by child with its lines (a break in the XML costs
 * only what follows it), each episode's referral, assessments, plans, enquiries, conferences and
 * closure as events, DfE codes read through the one table, every problem by child, element and line
 * without a value, snapshots through the manifest, and the round trip from the synthetic council to
 * the same deadlines for the rules the census can feed.
 */
import { describe, expect, it } from 'vitest';
import { dfeCode } from '../../events/dfe-codes.ts';
import { type CaseEvent, eventsByCase } from '../../events/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { CIN_CENSUS_FORMAT } from '../../functions/core/imports/cin-census/index.ts';
import { readXmlRecords, type XmlElement } from '../../functions/core/imports/cin-census/xml.ts';
import { coverageOf } from '../../functions/core/imports/coverage.ts';
import { type MappedExtract, problemText, type SourceFile } from '../../functions/core/imports/format.ts';
import { importFormat } from '../../functions/core/imports/formats.ts';
import { type ManifestEntry, planImport } from '../../functions/core/imports/reconcile.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { cinCensusXml } from '../../local/extracts/cin-census.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const TODAY = '2026-06-30';

/** A census of the year ending on `referenceDate`, of `children` (each the inside of a `Child`). */
const censusOf = (referenceDate: string, ...children: string[]) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Message>',
    `  <Header><CollectionDetails><Collection>CIN</Collection><ReferenceDate>${referenceDate}</ReferenceDate></CollectionDetails></Header>`,
    '  <Children>',
    ...children.map((child) => `    <Child>\n${child}\n    </Child>`),
    '  </Children>',
    '</Message>',
    '',
  ].join('\n');
/** A census of the year 2025–26. */
const census = (...children: string[]) => censusOf('2026-03-31', ...children);
/** A child's identifiers. */
const ids = (id: string, born = '2015-05-01', extra = '') =>
  `<ChildIdentifiers><LAchildID>${id}</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>${born}</PersonBirthDate>${extra}</ChildIdentifiers>`;
/** An episode: its referral date and what else it holds. */
const episode = (referral: string, inner = '') =>
  `<CINdetails><CINreferralDate>${referral}</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode>${inner}</CINdetails>`;
const file = (text: string, name = 'cin_census.xml'): SourceFile => ({ name, text });
const read = (...texts: string[]) =>
  CIN_CENSUS_FORMAT.read(
    texts.map((text, at) => file(text, `census-${at + 1}.xml`)),
    TODAY,
  );
const summary = (extract: MappedExtract) =>
  extract.events.map(
    ({ key, event }) => `${key} ${event.type} ${event.occurredAt} ${JSON.stringify(event.data)}`,
  );
const refusals = (extract: MappedExtract) => extract.problems.filter((problem) => problem.imported !== true);

/** A child in need with everything an episode can hold. */
const WHOLE_CHILD = [
  ids('C1'),
  '<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>',
  episode(
    '2025-01-06',
    [
      '<CINclosureDate>2026-02-02</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>',
      '<DateOfInitialCPC>2025-01-27</DateOfInitialCPC><ReferralNFA>false</ReferralNFA>',
      '<Assessments><AssessmentActualStartDate>2025-01-07</AssessmentActualStartDate>',
      '<AssessmentAuthorisationDate>2025-02-10</AssessmentAuthorisationDate>',
      '<FactorsIdentifiedAtAssessment><AssessmentFactors>2B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>',
      '<Section47><S47ActualStartDate>2025-01-07</S47ActualStartDate><InitialCPCtarget>2025-01-28</InitialCPCtarget>',
      '<DateOfInitialCPC>2025-01-27</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>',
      '<ChildProtectionPlans><CPPstartDate>2025-01-27</CPPstartDate><CPPendDate>2025-07-28</CPPendDate>',
      '<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>',
      '<NumberOfPreviousCPP>0</NumberOfPreviousCPP>',
      '<Reviews><CPPreviewDate>2025-04-24</CPPreviewDate></Reviews><Reviews><CPPreviewDate>2025-07-28</CPPreviewDate></Reviews>',
      '</ChildProtectionPlans>',
      '<CINPlanDates><CINPlanStartDate>2025-07-28</CINPlanStartDate><CINPlanEndDate>2026-01-30</CINPlanEndDate></CINPlanDates>',
    ].join('\n'),
  ),
].join('\n');

describe('reading the XML', () => {
  it('hands on each child whole, with element names without a prefix and the line each starts on', () => {
    const text =
      '<cin:Message xmlns:cin="urn:x">\n<cin:Children>\n<cin:Child>\n<cin:A>1</cin:A>\n</cin:Child>\n<cin:Child><cin:B><![CDATA[2]]></cin:B></cin:Child>\n</cin:Children>\n</cin:Message>';
    const records: XmlElement[] = [];
    const outline = readXmlRecords(text, ['Message', 'Children', 'Child'], (record) => records.push(record));
    expect(outline).toEqual({
      root: 'Message',
      foundRecords: true,
      broken: null,
      afterRoot: null,
      strayText: [],
      header: null,
    });
    expect(records).toEqual([
      {
        name: 'Child',
        line: 3,
        text: '',
        textLine: null,
        elements: [{ name: 'A', line: 4, text: '1', textLine: 4, elements: [] }],
      },
      {
        name: 'Child',
        line: 6,
        text: '',
        textLine: null,
        elements: [{ name: 'B', line: 6, text: '2', textLine: 6, elements: [] }],
      },
    ]);
  });

  it('is the format `los import cin-census FILE.xml` names, taking one file', () => {
    expect(importFormat('cin-census')).toBe(CIN_CENSUS_FORMAT);
    expect(CIN_CENSUS_FORMAT.input).toBe('file');
    expect(CIN_CENSUS_FORMAT.accepts(file('', 'CIN Census 2026.XML'))).toBe(true);
    expect(CIN_CENSUS_FORMAT.accepts(file('', 'episodes.csv'))).toBe(false);
  });

  it('imports the children read whole before the XML breaks, says where it broke, and withdraws nothing', () => {
    const text = census(
      ids('C1'),
      `${ids('C2')}\n<CINdetails><CINreferralDate>2025-01-06</CINreferral></CINdetails>`,
      ids('C3'),
    );
    const extract = read(text);
    expect(extract.events.map((mapped) => mapped.event.caseId)).toEqual(['C1']);
    expect(extract.sections).toEqual([]);
    const line = text.split('\n').findIndex((each) => each.includes('</CINreferral>')) + 1;
    expect(extract.problems).toEqual([
      {
        file: 'census-1.xml',
        child: 'C2',
        column: expect.stringMatching(/^Message\/Children\/Child\/CINdetails/),
        line,
        message: expect.stringMatching(
          /^is not well-formed XML from line \d+, column \d+; the 1 child read whole before it was imported, nothing from there on was/,
        ),
      },
    ]);
  });

  it('says a file cut short is cut short', () => {
    const text = census(ids('C1'), ids('C2'));
    const extract = read(text.slice(0, text.indexOf('<LAchildID>C2')));
    expect(extract.events.map((mapped) => mapped.event.caseId)).toEqual(['C1']);
    expect(extract.sections).toEqual([]);
    expect(refusals(extract)).toEqual([
      expect.objectContaining({
        column: 'Message/Children/Child/ChildIdentifiers',
        message: expect.stringMatching(
          /^ends before the census does: the file is cut short; the 1 child read whole before it was imported/,
        ),
      }),
    ]);
  });

  it('reads a census whole when something follows its end, lists that, and reads nothing of it', () => {
    const text = `${census(ids('C1'))}SECRET trailing text\n<Message><Children><Child>${ids('C2')}</Child></Children></Message>\n`;
    const extract = read(text);
    expect(extract.events.map((mapped) => mapped.event.caseId)).toEqual(['C1']);
    expect(extract.sections).toEqual(['cin']);
    expect(extract.problems).toEqual([
      {
        file: 'census-1.xml',
        line: text.split('\n').findIndex((line) => line.startsWith('<Message><Children>')) + 1,
        message: 'has something after the end of Message, which was ignored',
        imported: true,
      },
    ]);
  });

  it('refuses a file that is not a census, or not XML, as a whole and without its text', () => {
    const notCensus = read('<Episodes><Child>SECRET</Child></Episodes>');
    expect(notCensus.problems).toEqual([
      {
        file: 'census-1.xml',
        message: 'is not a CIN census: its first element is not Message; nothing in it was imported',
      },
    ]);
    expect(notCensus.sections).toEqual([]);
    const notXml = read('CHILD,DOB\nSECRET,2015-01-01\n');
    expect(notXml.problems).toEqual([
      { file: 'census-1.xml', message: expect.stringMatching(/^has no XML element/) },
    ]);
    expect(JSON.stringify([notCensus, notXml])).not.toContain('SECRET');
  });
});

describe('mapping a child', () => {
  it('makes events of an episode under keys of its referral and each element’s start', () => {
    const extract = read(census(WHOLE_CHILD));
    expect(extract.problems).toEqual([]);
    expect(extract.sections).toEqual(['cin']);
    expect(extract.held).toEqual([]);
    expect(summary(extract)).toEqual([
      'cin:C1#born child.updated 2015-05-01 {"dateOfBirth":"2015-05-01"}',
      'cin:C1#2025-01-06:referral referral.received 2025-01-06 {}',
      'cin:C1#2025-01-06:closed case.closed 2026-02-02 {}',
      'cin:C1#2025-01-06:assessment:2025-01-07:start assessment.started 2025-01-07 {}',
      'cin:C1#2025-01-06:assessment:2025-01-07:completed assessment.completed 2025-02-10 {}',
      'cin:C1#2025-01-06:assessment:2025-01-07:authorised assessment.authorised 2025-02-10 {}',
      'cin:C1#2025-01-06:cin-plan:2025-07-28:start cin_plan.started 2025-07-28 {}',
      'cin:C1#2025-01-06:cin-plan:2025-07-28:end cin_plan.ended 2026-01-30 {}',
      'cin:C1#2025-01-06:s47:2025-01-07:strategy strategy_discussion.held 2025-01-07 {"s47Initiated":true}',
      'cin:C1#2025-01-06:s47:2025-01-07:start s47.started 2025-01-07 {}',
      'cin:C1#2025-01-06:icpc:2025-01-27 conference.held 2025-01-27 {"conferenceType":"initial","outcome":"plan"}',
      'cin:C1#2025-01-06:cp-plan:2025-01-27:start cp_plan.started 2025-01-27 {}',
      'cin:C1#2025-01-06:cp-plan:2025-01-27:end cp_plan.ended 2025-07-28 {}',
      'cin:C1#2025-01-06:cp-plan:2025-01-27:review:2025-04-24 conference.held 2025-04-24 {"conferenceType":"review","outcome":"continue"}',
      'cin:C1#2025-01-06:cp-plan:2025-01-27:review:2025-07-28 conference.held 2025-07-28 {"conferenceType":"review","outcome":"end"}',
    ]);
    const line =
      census(WHOLE_CHILD)
        .split('\n')
        .findIndex((each) => each.startsWith('<Assessments>')) + 1;
    expect(extract.events[3]?.from).toEqual({
      file: 'census-1.xml',
      child: 'C1',
      column: 'CINdetails/Assessments',
      line,
    });
  });

  it('never lets a UPN, sex, ethnicity or category into an event', () => {
    const events = JSON.stringify(read(census(WHOLE_CHILD)).events.map((mapped) => mapped.event));
    for (const value of ['A123456789012', 'WBRI', 'NEG', 'EMO', '1A', 'N4', 'RC7', '2B'])
      expect(events).not.toContain(value);
  });

  it('reads an initial conference that made no plan, and one given only on the episode', () => {
    const extract = read(
      census(
        `${ids('C1')}\n${episode('2025-01-06', '<DateOfInitialCPC>2025-01-20</DateOfInitialCPC><Section47><S47ActualStartDate>2025-01-07</S47ActualStartDate><DateOfInitialCPC>2025-01-20</DateOfInitialCPC></Section47>')}`,
        `${ids('C2')}\n${episode('2025-02-03', '<DateOfInitialCPC>2025-02-17</DateOfInitialCPC>')}`,
      ),
    );
    expect(summary(extract).filter((line) => line.includes('icpc'))).toEqual([
      'cin:C1#2025-01-06:icpc:2025-01-20 conference.held 2025-01-20 {"conferenceType":"initial","outcome":"no-plan"}',
      'cin:C2#2025-02-03:icpc:2025-02-17 conference.held 2025-02-17 {"conferenceType":"initial","outcome":"no-plan"}',
    ]);
  });

  it('dates a disability from birth, once however many codes, and not at all for NONE', () => {
    const disabilities = (...codes: string[]) =>
      `<ChildCharacteristics><Disabilities>${codes.map((code) => `<Disability>${code}</Disability>`).join('')}</Disabilities></ChildCharacteristics>`;
    const extract = read(
      census(`${ids('C1')}\n${disabilities('AUT', 'mob')}`, `${ids('C2')}\n${disabilities('NONE')}`),
    );
    expect(summary(extract)).toEqual([
      'cin:C1#born child.updated 2015-05-01 {"dateOfBirth":"2015-05-01"}',
      'cin:C1#disabled child.updated 2015-05-01 {"disabled":true}',
      'cin:C2#born child.updated 2015-05-01 {"dateOfBirth":"2015-05-01"}',
    ]);
  });

  it('passes over elements the import does not know, as a later year’s census adds them', () => {
    const extract = read(
      census(
        `${ids('C1')}\n${episode('2025-01-06', '<PreProceedingsandFGDM><PPStartDate>2025-02-01</PPStartDate><Note>any text</Note></PreProceedingsandFGDM>')}\n<Extra>x</Extra>`,
      ),
    );
    expect(extract.problems).toEqual([]);
    expect(summary(extract)).toHaveLength(2);
  });
});

describe('DfE codes', () => {
  it('reads the census’s codes through the table of DfE codes', () => {
    for (const [list, code] of [
      ['referral-source', '1A'],
      ['primary-need', 'N4'],
      ['reason-for-closure', 'RC7'],
      ['category-of-abuse', 'NEG'],
    ] as const) {
      expect(dfeCode(list, code), `${list} ${code}`).not.toBeUndefined();
    }
    expect(dfeCode('disability', 'NONE')).toBeNull();
    expect(dfeCode('disability', 'AUT')).toBe(true);
  });

  it('lists a code outside a list by its element, without the code, and imports the episode all the same', () => {
    const extract = read(
      census(
        `${ids('C1')}\n${episode('2025-01-06', '<CINclosureDate>2025-03-03</CINclosureDate><ReasonForClosure>RCX</ReasonForClosure><ChildProtectionPlans><CPPstartDate>2025-01-20</CPPstartDate><InitialCategoryOfAbuse>ZZZ</InitialCategoryOfAbuse></ChildProtectionPlans>').replace('N4', 'N99')}`,
      ),
    );
    expect(extract.problems.map(problemText)).toEqual([
      'census-1.xml, child C1, CINdetails/PrimaryNeedCode, line 7: is not a code of the CIN census primary need codes; the episode was imported without it',
      'census-1.xml, child C1, CINdetails/ReasonForClosure, line 7: is not a code of the CIN census reasons for closure; the episode was imported without it',
      'census-1.xml, child C1, CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse, line 7: is not a code of the CIN census categories of abuse; the plan was imported without it',
    ]);
    expect(refusals(extract)).toEqual([]);
    expect(summary(extract)).toHaveLength(4);
  });

  it('refuses a disability code outside the list, and keeps another of the child’s', () => {
    const extract = read(
      census(
        `${ids('C1')}\n<ChildCharacteristics><Disabilities><Disability>XYZ</Disability><Disability>HEAR</Disability></Disabilities></ChildCharacteristics>`,
      ),
    );
    expect(extract.problems.map(problemText)).toEqual([
      'census-1.xml, child C1, ChildCharacteristics/Disabilities/Disability, line 7: is not a code of the CIN census disability codes; the disability was not imported',
    ]);
    expect(summary(extract)).toContain('cin:C1#disabled child.updated 2015-05-01 {"disabled":true}');
  });
});

describe('a messy census', () => {
  // Every value the import must never repeat carries SECRET: a problem may name a child, an element, a line.
  const messy = census(
    [
      ids('C1', '2015-05-01', '<FormerUPN>SECRETUPN</FormerUPN>'),
      '<ChildCharacteristics>SECRET stray text<Ethnicity>SECRETETH</Ethnicity></ChildCharacteristics>',
      episode(
        '2025-01-06',
        [
          '<ReasonForClosure>SECRETRC</ReasonForClosure>',
          '<Assessments><AssessmentActualStartDate>2025-02-30</AssessmentActualStartDate></Assessments>',
          '<Assessments><AssessmentActualStartDate>2025-01-08</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-01-02</AssessmentAuthorisationDate></Assessments>',
          '<Assessments><AssessmentActualStartDate>2027-01-08</AssessmentActualStartDate></Assessments>',
          '<Assessments><AssessmentAuthorisationDate>2025-03-01</AssessmentAuthorisationDate></Assessments>',
          '<CINPlanDates><CINPlanStartDate>2024-12-01</CINPlanStartDate></CINPlanDates>',
          '<CINPlanDates><CINPlanStartDate>2025-03-03</CINPlanStartDate><CINPlanEndDate>SECRET2025</CINPlanEndDate></CINPlanDates>',
          '<Section47><S47ActualStartDate>2025-01-07</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47>',
        ].join('\n'),
      ),
      episode(
        '2025-01-06',
        '<Assessments><AssessmentActualStartDate>2025-01-09</AssessmentActualStartDate></Assessments>',
      ),
      episode('SECRET-DAY'),
      '<CINdetails><ReferralSource>1A</ReferralSource></CINdetails>',
    ].join('\n'),
    `${ids('C2')}\n${episode('2025-05-05')}`,
    `${ids('C2')}\n${episode('2025-05-05')}`,
    `${ids('C2')}\n${episode('2025-05-06')}`,
    '<ChildIdentifiers><UPN>SECRETNOID</UPN></ChildIdentifiers>',
    ids('SECRET NAME WITH SPACES'),
  ).replace('<Children>', '<Children>SECRET between children');
  const extract = read(messy);
  const lineOf = (text: string) => messy.split('\n').findIndex((line) => line.includes(text)) + 1;

  it('never repeats a value in a problem', () => {
    expect(JSON.stringify(extract.problems)).not.toContain('SECRET');
    expect(extract.problems.map(problemText).join('\n')).not.toContain('SECRET');
  });

  it('lists every problem by child, element and line', () => {
    const child2 = lineOf('<LAchildID>C2') - 1;
    expect(extract.problems.map(problemText)).toEqual([
      `census-1.xml, Children, line ${lineOf('<Children>')}: has text between its elements, where the census has none; it was ignored`,
      `census-1.xml, child C1, Child/ChildCharacteristics, line ${lineOf('SECRET stray')}: has text between its elements, where the census has none; it was ignored`,
      `census-1.xml, child C1, CINdetails/ReasonForClosure, line ${lineOf('SECRETRC')}: is not a code of the CIN census reasons for closure; the episode was imported without it`,
      `census-1.xml, child C1, CINdetails/Assessments/AssessmentActualStartDate, line ${lineOf('2025-02-30')}: is not a real date; the assessment was not imported`,
      `census-1.xml, child C1, CINdetails/Assessments/AssessmentAuthorisationDate, line ${lineOf('2025-01-02')}: is before AssessmentActualStartDate; the authorisation was not imported`,
      `census-1.xml, child C1, CINdetails/Assessments/AssessmentActualStartDate, line ${lineOf('2027-01-08')}: is after the day of the import (2026-06-30): check the year; the assessment was not imported`,
      `census-1.xml, child C1, CINdetails/Assessments/AssessmentActualStartDate, line ${lineOf('<Assessments><AssessmentAuthorisationDate>')}: is missing; the assessment was not imported`,
      `census-1.xml, child C1, CINdetails/CINPlanDates/CINPlanStartDate, line ${lineOf('2024-12-01')}: is before the episode's CINreferralDate; the child in need plan was not imported`,
      `census-1.xml, child C1, CINdetails/CINPlanDates/CINPlanEndDate, line ${lineOf('SECRET2025')}: is not a date: the census writes dates YYYY-MM-DD; the child in need plan's end was not imported`,
      `census-1.xml, child C1, CINdetails/Section47/ICPCnotRequired, line ${lineOf('<ICPCnotRequired>true')}: says no initial conference was needed, but the census does not date the enquiry's end; its initial conference shows as due until the case system sends the end (s47.completed)`,
      `census-1.xml, child C1, CINdetails, line ${lineOf('2025-01-09')}: has the CINreferralDate of the episode at line ${lineOf('SECRETRC')}, with other details; that one was imported, this one was not`,
      `census-1.xml, child C1, CINdetails/CINreferralDate, line ${lineOf('SECRET-DAY')}: is not a date: the census writes dates YYYY-MM-DD; the episode was not imported`,
      `census-1.xml, child C1, CINdetails/CINreferralDate, line ${lineOf('<CINdetails><ReferralSource>')}: is missing; the episode was not imported`,
      `census-1.xml, child C2, Child, line ${child2 + 4}: repeats the child at line ${child2}; it was imported once`,
      `census-1.xml, child C2, Child, line ${child2 + 8}: has the LAchildID of the child at line ${child2}, with other details; that one was imported, this one was not`,
      `census-1.xml, ChildIdentifiers/LAchildID, line ${lineOf('SECRETNOID')}: is missing: a child needs its LAchildID; the child was not imported`,
      `census-1.xml, ChildIdentifiers/LAchildID, line ${lineOf('SECRET NAME')}: is not usable as a case reference: at most 64 letters, digits and . _ : -; the child was not imported`,
    ]);
  });

  it('imports everything valid, and holds the children with something refused', () => {
    expect(summary(extract)).toEqual([
      'cin:C1#born child.updated 2015-05-01 {"dateOfBirth":"2015-05-01"}',
      'cin:C1#2025-01-06:referral referral.received 2025-01-06 {}',
      'cin:C1#2025-01-06:assessment:2025-01-08:start assessment.started 2025-01-08 {}',
      'cin:C1#2025-01-06:cin-plan:2025-03-03:start cin_plan.started 2025-03-03 {}',
      'cin:C1#2025-01-06:s47:2025-01-07:strategy strategy_discussion.held 2025-01-07 {"s47Initiated":true}',
      'cin:C1#2025-01-06:s47:2025-01-07:start s47.started 2025-01-07 {}',
      'cin:C2#born child.updated 2015-05-01 {"dateOfBirth":"2015-05-01"}',
      'cin:C2#2025-05-05:referral referral.received 2025-05-05 {}',
    ]);
    expect(extract.held).toEqual(['cin:C1', 'cin:C2']);
    expect(extract.sections).toEqual(['cin']);
  });

  it('lists a death with an episode still open, without refusing anything', () => {
    const died = read(
      census(
        `${ids('C1', '2015-05-01', '<PersonDeathDate>2026-01-05</PersonDeathDate>')}\n${episode('2025-01-06')}`,
      ),
    );
    expect(died.problems.map(problemText)).toEqual([
      'census-1.xml, child C1, ChildIdentifiers/PersonDeathDate, line 6: is given, yet an episode has no CINclosureDate; its deadlines go on until the case system closes the case',
    ]);
    expect(refusals(died)).toEqual([]);
  });
});

describe('snapshots', () => {
  /** A census of the year 2024–25, which its children's dates are in. */
  const census2024 = (...children: string[]) => censusOf('2025-03-31', ...children);
  const child = (authorised: string, second = true) =>
    `${ids('C1')}\n${episode(
      '2025-01-06',
      `<Assessments><AssessmentActualStartDate>2025-01-07</AssessmentActualStartDate><AssessmentAuthorisationDate>${authorised}</AssessmentAuthorisationDate></Assessments>${
        second ? '<CINPlanDates><CINPlanStartDate>2025-02-17</CINPlanStartDate></CINPlanDates>' : ''
      }`,
    )}`;
  const other = `${ids('C2')}\n${episode('2025-03-03')}`;
  const manifestAfter = (plan: ReturnType<typeof planImport>) =>
    plan.writes.flatMap((write) => write.entries);
  const written = (plan: ReturnType<typeof planImport>) => plan.writes.flatMap((write) => write.events);

  function firstImport(): ManifestEntry[] {
    const plan = planImport(read(census2024(child('2025-02-10'), other)), [], 'cin-census');
    expect(plan).toMatchObject({ made: 8, problems: [] });
    return manifestAfter(plan);
  }

  it('changes nothing when the same census is imported again', () => {
    const again = planImport(read(census2024(child('2025-02-10'), other)), firstImport(), 'cin-census');
    expect(again).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: 8 });
    expect(written(again)).toEqual([]);
  });

  it('corrects a changed date: a retraction of the old event and a new one', () => {
    const manifest = firstImport();
    const plan = planImport(read(census2024(child('2025-02-12'), other)), manifest, 'cin-census');
    expect(plan).toMatchObject({ made: 2, corrected: 2, withdrawn: 0, unchanged: 6 });
    const old = manifest.find((entry) => entry.key === 'cin:C1#2025-01-06:assessment:2025-01-07:authorised');
    const events = written(plan);
    expect(events.map((event) => event.type)).toEqual([
      'event.retracted',
      'event.retracted',
      'assessment.completed',
      'assessment.authorised',
    ]);
    expect(events[1]?.data).toEqual({ eventId: old?.id });
    expect(events[3]).toMatchObject({ caseId: 'C1', occurredAt: '2025-02-12' });
    expect(events[3]?.id).not.toBe(old?.id);
  });

  it('withdraws what the census no longer holds in its year: an element, a child’s episode', () => {
    const plan = planImport(read(census2024(child('2025-02-10', false))), firstImport(), 'cin-census');
    // C2's date of birth is dated before the census's year, so it stands.
    expect(plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 2, unchanged: 5 });
    expect(written(plan).map((event) => `${event.type} ${event.caseId} ${event.occurredAt}`)).toEqual([
      'event.retracted C1 2025-02-17',
      'event.retracted C2 2025-03-03',
    ]);
  });

  it('withdraws nothing of a child with an element refused today, nor anything after the XML breaks', () => {
    const manifest = firstImport();
    const refused = planImport(read(census2024(child('2025-02-31', false), other)), manifest, 'cin-census');
    expect(refused).toMatchObject({ made: 0, withdrawn: 0, unchanged: 5 });
    const broken = census2024(child('2025-02-10', false), other).replace('<LAchildID>C2', '<LAchildID>C2<');
    expect(planImport(read(broken), manifest, 'cin-census')).toMatchObject({
      made: 0,
      withdrawn: 0,
      unchanged: 5,
    });
  });
});

describe('yearly censuses', () => {
  const manifestAfter = (plan: ReturnType<typeof planImport>) =>
    plan.writes.flatMap((write) => write.entries);
  const written = (plan: ReturnType<typeof planImport>) =>
    plan.writes
      .flatMap((write) => write.events)
      .map((event) => `${event.type} ${event.caseId} ${event.occurredAt}`);
  /** C1: referred in January 2025, assessed, on a plan from February, still open on 31 March 2025. */
  const c1 = (inner: string) =>
    `${ids('C1')}\n${episode('2025-01-06', `<CINPlanDates><CINPlanStartDate>2025-02-17</CINPlanStartDate>${inner}</CINPlanDates>`)}`;
  const c1Assessed = `${ids('C1')}\n${episode(
    '2025-01-06',
    '<Assessments><AssessmentActualStartDate>2025-01-07</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-02-10</AssessmentAuthorisationDate></Assessments><CINPlanDates><CINPlanStartDate>2025-02-17</CINPlanStartDate></CINPlanDates>',
  )}`;
  /** C2: referred and closed in March 2025. */
  const c2 = `${ids('C2')}\n${episode('2025-03-03', '<CINclosureDate>2025-03-20</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>')}`;
  /** C3: referred in June 2025. */
  const c3 = `${ids('C3', '2019-02-01')}\n${episode('2025-06-02')}`;
  /** 2024–25's census, then 2025–26's: C1's plan ended in the year, C3 was referred, C2 is not in it. */
  const lastYear = censusOf('2025-03-31', c1Assessed, c2);
  const thisYear = censusOf('2026-03-31', c1('<CINPlanEndDate>2025-09-01</CINPlanEndDate>'), c3);
  const afterLastYear = () => manifestAfter(planImport(read(lastYear), [], 'cin-census'));

  it('covers the year ending on the header’s ReferenceDate', () => {
    expect(read(thisYear).period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(read(censusOf('2024-02-29', c1(''))).period).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });

  it('withdraws nothing of earlier years that this year’s census no longer lists', () => {
    const plan = planImport(read(thisYear), afterLastYear(), 'cin-census');
    // C1's assessment and C2's episode were before the year: they stand.
    expect(plan).toMatchObject({ made: 3, corrected: 0, withdrawn: 0, unchanged: 3 });
    expect(written(plan)).toEqual([
      'cin_plan.ended C1 2025-09-01',
      'child.updated C3 2019-02-01',
      'referral.received C3 2025-06-02',
    ]);
  });

  it('withdraws what vanished from within its year, and changes nothing when imported again', () => {
    const manifest = manifestAfter(planImport(read(thisYear), afterLastYear(), 'cin-census'));
    const again = planImport(read(thisYear), manifest, 'cin-census');
    expect(again).toMatchObject({ made: 0, corrected: 0, withdrawn: 0 });
    expect(written(again)).toEqual([]);
    // The plan's end and C3's referral are gone from this year's census: deleted. C3's birth was before it.
    const plan = planImport(read(censusOf('2026-03-31', c1(''))), manifest, 'cin-census');
    expect(plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 2 });
    expect(written(plan)).toEqual(['event.retracted C1 2025-09-01', 'event.retracted C3 2025-06-02']);
  });

  it('withdraws nothing after a census of a later year imported first', () => {
    const manifest = manifestAfter(planImport(read(thisYear), [], 'cin-census'));
    const plan = planImport(read(lastYear), manifest, 'cin-census');
    expect(plan).toMatchObject({ corrected: 0, withdrawn: 0 });
  });

  it('withdraws nothing, and says why, when the census’s year cannot be told', () => {
    const manifest = afterLastYear();
    const onlyC1 = censusOf('2025-03-31', c1Assessed);
    const cases = [
      { text: onlyC1.replace('<ReferenceDate>2025-03-31</ReferenceDate>', ''), what: 'is missing' },
      { text: onlyC1.replace('2025-03-31</Ref', '2025-02-30</Ref'), what: 'is not a date' },
    ];
    for (const { text, what } of cases) {
      const extract = read(text);
      expect(extract.sections).toEqual([]);
      expect(extract.period).toBeUndefined();
      expect(extract.problems).toEqual([
        expect.objectContaining({
          file: 'census-1.xml',
          column: 'Message/Header/CollectionDetails/ReferenceDate',
          message: `${what}: the census’s year cannot be told, so nothing imported before from this census is withdrawn`,
          imported: true,
        }),
      ]);
      expect(planImport(extract, manifest, 'cin-census')).toMatchObject({ withdrawn: 0 });
    }
    const twoYears = read(onlyC1, censusOf('2026-03-31', c3));
    expect(twoYears.sections).toEqual([]);
    expect(twoYears.problems).toContainEqual(
      expect.objectContaining({
        file: 'census-2.xml',
        message: expect.stringMatching(
          /^is not that of census-1\.xml: the files are censuses of different years/,
        ),
      }),
    );
  });
});

describe('round trip: synthetic council → CIN census → import', () => {
  const council = generateCouncil({ seed: 7, asOf: TODAY, cases: 240 });
  const xml = cinCensusXml(council.events, { referenceDate: TODAY });
  const profile = builtInProfile('default');
  const coverage = coverageOf(profile, CIN_CENSUS_FORMAT.carries);
  const uncovered = new Set([...coverage.noSource, ...coverage.neverMet].map((rule) => rule.rule));
  // A recording rule counts from when its event was written up: the census does not carry that.
  const fed = profile.rules
    .filter((rule) => !uncovered.has(rule.id) && rule.kind !== 'recording')
    .map((rule) => rule.id);
  /** The rules the census feeds whose deadlines rest on something it does not record, and what. */
  const CENSUS_CANNOT_TELL: Readonly<Record<string, string>> = {
    'assessment.completion':
      'an assessment’s completion: the census dates its authorisation, and takes that as its completion',
    'assessment.sign-off': 'an assessment’s completion, as above',
    'cin.assessment': 'an assessment’s completion, as above',
    'cwd.annual-assessment': 'an assessment’s completion, and periods of care',
    'cwd.transition-assessment':
      'when a disability was recorded, and the visits and supervision that start it',
    's47.workflow-started':
      'the time of day of a strategy discussion, and when the enquiry’s workflow started',
    'cp.initial-conference': 'when an enquiry that needed no conference ended',
  };
  const plan = planImport(CIN_CENSUS_FORMAT.read([file(xml)], TODAY), [], 'cin-census');
  const imported = eventsByCase(plan.writes.flatMap((write) => write.events));
  const own = eventsByCase(council.events);
  const deadlines = (caseId: string, events: readonly CaseEvent[], rules: readonly string[]) =>
    evaluateCase(caseId, events, profile, momentOf(TODAY))
      .deadlines.filter((deadline) => rules.includes(deadline.rule.id))
      .map((deadline) => ({
        rule: deadline.rule.id,
        occurrence: deadline.occurrence,
        due: deadline.due.day,
        status: deadline.status,
        met: deadline.met?.at.day ?? null,
      }));

  it('is deterministic, and escapes what it writes', () => {
    expect(
      cinCensusXml(generateCouncil({ seed: 7, asOf: TODAY, cases: 240 }).events, { referenceDate: TODAY }),
    ).toBe(xml);
    const hostile = cinCensusXml([], { referenceDate: TODAY, la: `a<b & 'c' > "d"` });
    expect(hostile).toContain('<LEA>a&lt;b &amp; &#39;c&#39; &gt; &quot;d&quot;</LEA>');
  });

  it('imports the synthetic census with no problem', () => {
    const extract = CIN_CENSUS_FORMAT.read([file(xml)], TODAY);
    expect(
      extract.problems.filter((problem) => !problem.message.startsWith('says no initial conference')),
    ).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(extract.sections).toEqual(['cin']);
  });

  it('names only rules the census feeds as those it cannot tell all of', () => {
    expect(fed).toEqual(expect.arrayContaining(['cp.review-conference', ...Object.keys(CENSUS_CANNOT_TELL)]));
  });

  it('gives the deadlines of the council’s own events for every rule the census feeds whole', () => {
    const whole = fed.filter((rule) => CENSUS_CANNOT_TELL[rule] === undefined);
    let compared = 0;
    for (const [caseId, events] of imported) {
      const expected = deadlines(caseId, own.get(caseId) ?? [], whole);
      expect(deadlines(caseId, events, whole), caseId).toEqual(expected);
      compared += expected.length;
    }
    expect(imported.size).toBeGreaterThan(150);
    expect(compared).toBeGreaterThan(100);
  });

  it('gives, for every rule the census feeds, the deadlines of the council’s events as the census records them', () => {
    let compared = 0;
    for (const [caseId, events] of imported) {
      const expected = deadlines(caseId, asTheCensusRecords(own.get(caseId) ?? []), fed);
      expect(deadlines(caseId, events, fed), caseId).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(800);
  });
});

/**
 * A case's events as the census records them, worked out from the events themselves (not the XML):
 * days without times, a child's birth and disability dated from birth, an assessment completed when
 * authorised, an enquiry started at the strategy discussion that started it, and nothing else the
 * census does not carry, nor anything before the first referral.
 */
function asTheCensusRecords(events: readonly CaseEvent[]): CaseEvent[] {
  const day = (event: CaseEvent) => event.occurredAt.slice(0, 10);
  const retracted = new Set(
    events.flatMap((event) => (event.type === 'event.retracted' ? [event.data.eventId] : [])),
  );
  const live = events.filter((event) => event.type !== 'event.retracted' && !retracted.has(event.id));
  const first = live
    .filter((event) => event.type === 'referral.received')
    .map(day)
    .sort()[0];
  const born = live.flatMap((event) =>
    event.type === 'child.updated' && event.data.dateOfBirth ? [event.data.dateOfBirth] : [],
  )[0];
  if (first === undefined) return [];
  const recorded: CaseEvent[] = [];
  const add = (event: CaseEvent, type: CaseEvent['type'], data: object, on = day(event)) =>
    recorded.push({
      ...event,
      id: `${event.id}-${recorded.length}`,
      type,
      occurredAt: on,
      data,
    } as CaseEvent);
  for (const event of live) {
    if (event.type === 'child.updated' && born !== undefined) {
      if (event.data.dateOfBirth !== undefined) add(event, 'child.updated', { dateOfBirth: born }, born);
      if (event.data.disabled === true) add(event, 'child.updated', { disabled: true }, born);
    }
    if (day(event) < first) continue;
    switch (event.type) {
      case 'referral.received':
      case 'case.closed':
      case 'assessment.started':
      case 'cin_plan.started':
      case 'cin_plan.ended':
      case 'cp_plan.started':
      case 'cp_plan.ended':
      case 'conference.held':
        add(event, event.type, event.data);
        break;
      case 'assessment.authorised':
        add(event, 'assessment.completed', {});
        add(event, 'assessment.authorised', {});
        break;
      case 'strategy_discussion.held':
        if (event.data.s47Initiated) {
          add(event, 'strategy_discussion.held', event.data);
          add(event, 's47.started', {});
        }
        break;
      default:
        break;
    }
  }
  return recorded;
}
