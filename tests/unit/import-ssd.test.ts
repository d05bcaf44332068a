/**
 * The Standard Safeguarding Dataset as an import: each table's rows as events under source keys (the
 * person id as the case reference, names never read), allocations by the HR id, DfE codes through the
 * one table (an ambiguous placement the stricter way unless another table settles it, and listed), the
 * SSD's teams beside HR's directory, what the SSD cannot feed or judge, snapshots against the manifest,
 * messy exports (every valid row imported, every problem by file, row and column without a cell's
 * text), and the synthetic extract: deterministic, the same in slices, and round-tripping the council's
 * deadlines for every rule it can feed.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DfeCodeReading, dfeCodeReading } from '../../events/dfe-codes.ts';
import { type CaseEvent, eventsByCase, type LegalStatus, type PlacementType } from '../../events/index.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { coverageOf } from '../../functions/core/imports/coverage.ts';
import {
  type ImportPeriod,
  isRefusal,
  type MappedExtract,
  type SourceFile,
} from '../../functions/core/imports/format.ts';
import { importFormat } from '../../functions/core/imports/formats.ts';
import { placementReading } from '../../functions/core/imports/placement-reading.ts';
import { type ManifestEntry, planImport } from '../../functions/core/imports/reconcile.ts';
import { isWithin } from '../../functions/core/imports/return-period.ts';
import { allocatedNotInDirectory, mergeDirectory } from '../../functions/core/imports/ssd/directory.ts';
import { SSD_FORMAT } from '../../functions/core/imports/ssd/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { placementCode } from '../../local/extracts/dfe-codes.ts';
import { ssdExtractFiles, writeSsdExtract } from '../../local/extracts/ssd.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const TODAY = '2026-06-30';

/** A CSV file of an extract, its lines ending CRLF as SQL Server writes them. */
const csv = (name: string, ...lines: string[]): SourceFile => ({ name, text: `${lines.join('\r\n')}\r\n` });
const read = (...files: SourceFile[]) => SSD_FORMAT.read(files, TODAY);
const summary = (extract: MappedExtract) =>
  extract.events.map(
    ({ key, event }) =>
      `${key} ${event.caseId} ${event.type} ${event.occurredAt} ${JSON.stringify(event.data)}`,
  );
const refusals = (extract: MappedExtract) => extract.problems.filter(isRefusal);

describe('reading an SSD extract', () => {
  it('is the registry’s ssd format, reading a folder, and takes only the SSD’s own table files', () => {
    expect(importFormat('ssd')).toBe(SSD_FORMAT);
    expect(SSD_FORMAT.input ?? 'folder').toBe('folder');
    expect(SSD_FORMAT.accepts({ name: 'ssd_cp_visits.csv', text: '' })).toBe(true);
    expect(SSD_FORMAT.accepts({ name: 'SSD_CP_VISITS.CSV', text: '' })).toBe(true);
    expect(SSD_FORMAT.accepts({ name: 'ssd_address.csv', text: '' })).toBe(false);
    expect(SSD_FORMAT.accepts({ name: 'notes.txt', text: '' })).toBe(false);
  });

  it('reads one file per table, and lists a second without reading it', () => {
    const extract = read(
      csv('ssd_person.csv', 'pers_person_id,pers_dob', 'P1,2015-04-02'),
      csv('SSD_Person.CSV', 'pers_person_id,pers_dob', 'P2,2016-04-02'),
    );
    expect(summary(extract)).toEqual([
      'ssd_person:P1#born P1 child.updated 2015-04-02 {"dateOfBirth":"2015-04-02"}',
    ]);
    expect(extract.problems).toEqual([
      { file: 'SSD_Person.CSV', message: 'is a second file of ssd_person: only the first was read' },
    ]);
  });

  it('makes each table’s events under a key of table, row id and part, the person id as the case reference', () => {
    const extract = read(
      csv(
        'ssd_person.csv',
        'pers_person_id,pers_forename,pers_surname,pers_dob',
        'P1,Orla,Quince,2015-04-02',
      ),
      csv('ssd_disability.csv', 'disa_person_id,disa_table_id,disa_disability_code', 'P1,D1,AUT', 'P1,D2,LD'),
      csv(
        'ssd_cin_episodes.csv',
        'cine_referral_id,cine_person_id,cine_referral_date,cine_close_date',
        'R1,P1,2026-01-05,2026-06-01',
      ),
      csv(
        'ssd_cin_assessments.csv',
        'cina_assessment_id,cina_person_id,cina_assessment_start_date,cina_assessment_auth_date',
        'A1,P1,2026-01-06,2026-02-20',
      ),
      csv(
        'ssd_s47_enquiry.csv',
        's47e_s47_enquiry_id,s47e_person_id,s47e_s47_start_date,s47e_s47_end_date,s47e_s47_nfa,s47e_s47_outcome_json',
        'S1,P1,2026-01-07,2026-01-20,N,"{""NFA_FLAG"":""N"",""CP_CONFERENCE_FLAG"":""Y""}"',
      ),
      csv(
        'ssd_initial_cp_conference.csv',
        'icpc_icpc_id,icpc_person_id,icpc_icpc_date,icpc_icpc_outcome_cp_flag',
        'I1,P1,2026-01-27,Y',
      ),
      csv(
        'ssd_cp_plans.csv',
        'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date',
        'CP1,P1,2026-01-27,',
      ),
      csv(
        'ssd_cp_visits.csv',
        'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,cppv_cp_visit_bedroom',
        'V1,P1,2026-02-03,Y,1,0',
        'V2,P1,2026-02-10,N,,',
      ),
      csv(
        'ssd_cp_reviews.csv',
        'cppr_cp_review_id,cppr_person_id,cppr_cp_review_date,cppr_cp_review_outcome_continue_cp',
        'RV1,P1,2026-04-20,y',
      ),
      csv(
        'ssd_pre_proceedings.csv',
        'prep_table_id,prep_person_id,prep_pre_pro_decision_date',
        'PP1,P1,2026-05-01',
      ),
    );
    expect(refusals(extract)).toEqual([]);
    expect(summary(extract)).toEqual([
      'ssd_person:P1#born P1 child.updated 2015-04-02 {"dateOfBirth":"2015-04-02"}',
      'ssd_disability:P1#disabled P1 child.updated 2015-04-02 {"disabled":true}',
      'ssd_cin_episodes:R1#referral P1 referral.received 2026-01-05 {}',
      'ssd_cin_episodes:R1#closed P1 case.closed 2026-06-01 {}',
      'ssd_cin_assessments:A1#start P1 assessment.started 2026-01-06 {}',
      'ssd_cin_assessments:A1#completed P1 assessment.completed 2026-02-20 {}',
      'ssd_cin_assessments:A1#authorised P1 assessment.authorised 2026-02-20 {}',
      'ssd_s47_enquiry:S1#strategy P1 strategy_discussion.held 2026-01-07 {"s47Initiated":true}',
      'ssd_s47_enquiry:S1#start P1 s47.started 2026-01-07 {}',
      'ssd_s47_enquiry:S1#end P1 s47.completed 2026-01-20 {"outcome":"conference"}',
      'ssd_initial_cp_conference:I1#held P1 conference.held 2026-01-27 {"conferenceType":"initial","outcome":"plan"}',
      'ssd_cp_plans:CP1#start P1 cp_plan.started 2026-01-27 {}',
      'ssd_cp_visits:V1#visit P1 visit.completed 2026-02-03 {"visitType":"cp","childSeen":true,"seenAlone":true,"bedroomSeen":false}',
      'ssd_cp_visits:V2#visit P1 visit.completed 2026-02-10 {"visitType":"cp","childSeen":false}',
      'ssd_cp_reviews:RV1#held P1 conference.held 2026-04-20 {"conferenceType":"review","outcome":"continue"}',
      'ssd_pre_proceedings:PP1#decision P1 decision.recorded 2026-05-01 {"decision":"initiate-pre-proceedings"}',
    ]);
    expect(extract.sections).toContain('ssd_cp_visits');
    expect(JSON.stringify(extract)).not.toMatch(/Orla|Quince/);
  });

  it('reads care: legal statuses start it, episodes end it, placements, reviews by the period’s id, health, missing episodes', () => {
    const extract = read(
      csv(
        'ssd_legal_status.csv',
        'lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date',
        'L1,P2,V2,2025-09-01',
        'L2,P2,c2,2026-02-01',
      ),
      csv(
        'ssd_cla_episodes.csv',
        'clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date,clae_cla_episode_ceased_reason,clae_cla_id',
        'E1,P2,2025-09-01,2026-02-01,X1,CLA1',
        'E2,P2,2026-02-01,2026-06-20,E4A,CLA1',
      ),
      csv(
        'ssd_cla_placement.csv',
        'clap_cla_placement_id,clap_person_id,clap_cla_placement_start_date,clap_cla_placement_type,clap_cla_placement_end_date',
        'PL1,P2,2025-09-01,U6,2026-06-20',
      ),
      csv(
        'ssd_cla_reviews.csv',
        'clar_cla_review_id,clar_cla_id,clar_cla_review_date,clar_cla_review_cancelled',
        'CR1,CLA1,2025-09-25,N',
        'CR2,CLA1,2025-12-20,Y',
      ),
      csv(
        'ssd_cla_visits.csv',
        'clav_cla_visit_id,clav_person_id,clav_cla_visit_date,clav_cla_visit_seen,clav_cla_visit_seen_alone',
        'CV1,P2,2025-09-05,Y,N',
      ),
      csv(
        'ssd_cla_health.csv',
        'clah_health_check_id,clah_person_id,clah_health_check_type,clah_health_check_date,clah_health_check_status',
        'H1,P2,Initial Health Assessment,2025-09-20,Completed',
        'H2,P2,Dental,2025-10-01,Completed',
        'H3,P2,RHA,2026-03-01,Booked',
      ),
      csv('ssd_sdq_scores.csv', 'csdq_table_id,csdq_person_id,csdq_sdq_completed_date', 'Q1,P2,2026-01-10'),
      csv(
        'ssd_missing.csv',
        'miss_table_id,miss_person_id,miss_missing_episode_start_date,miss_missing_episode_end_date',
        'M1,P2,2026-03-03,2026-03-04',
      ),
      csv('ssd_permanence.csv', 'perm_table_id,perm_person_id,perm_placed_for_adoption_date', 'PM1,P2,'),
    );
    expect(refusals(extract)).toEqual([]);
    expect(summary(extract)).toEqual([
      'ssd_cla_episodes:E2#ceased P2 care_period.ended 2026-06-20 {"reason":"returned-home"}',
      'ssd_legal_status:L1#start P2 care_period.started 2025-09-01 {"legalStatus":"section-20"}',
      'ssd_legal_status:L2#start P2 care_period.started 2026-02-01 {"legalStatus":"care-order"}',
      'ssd_cla_placement:PL1#start P2 placement.started 2025-09-01 {"placementType":"foster-care"}',
      'ssd_cla_placement:PL1#end P2 placement.ended 2026-06-20 {}',
      'ssd_cla_reviews:CR1#held P2 cic_review.held 2025-09-25 {}',
      'ssd_cla_visits:CV1#visit P2 visit.completed 2025-09-05 {"visitType":"cic","childSeen":true,"seenAlone":false}',
      'ssd_cla_health:H1#done P2 health_assessment.completed 2025-09-20 {"kind":"initial"}',
      'ssd_sdq_scores:Q1#done P2 health_assessment.completed 2026-01-10 {"kind":"strengths-and-difficulties"}',
      'ssd_missing:M1#start P2 missing_episode.started 2026-03-03 {}',
      'ssd_missing:M1#end P2 missing_episode.ended 2026-03-04 {}',
    ]);
  });

  it('keeps a care leaver’s latest contact and pathway plan as latest values, keyed by their date', () => {
    const extract = read(
      csv(
        'ssd_care_leavers.csv',
        'clea_table_id,clea_person_id,clea_care_leaver_latest_contact,clea_pathway_plan_review_date',
        'CL1,P3,2026-06-01,2026-04-15',
      ),
    );
    expect(summary(extract)).toEqual([
      'ssd_care_leavers:CL1#contact-2026-06-01 P3 visit.completed 2026-06-01 {"visitType":"care-leaver","childSeen":true}',
      'ssd_care_leavers:CL1#pathway-plan-2026-04-15 P3 record.updated 2026-04-15 {"record":"pathway-plan"}',
    ]);
    expect(extract.events.every((mapped) => mapped.latest)).toBe(true);
  });

  it('reads pre-proceedings: the decision, the letter, the initial meeting, and the end with how it ended', () => {
    const extract = read(
      csv(
        'ssd_pre_proceedings.csv',
        'prep_table_id,prep_person_id,prep_pre_pro_decision_date,prep_initial_pre_pro_meeting_date,prep_pre_pro_outcome,prep_agree_stepdown_issue_date,prep_pre_pro_letter_date',
        'PP1,P1,2026-01-05,2026-01-26,Decision to step down,2026-04-20,2026-01-12',
        'PP2,P2,2026-02-02,,DECISION TO ISSUE CARE PROCEEDINGS,2026-03-30,',
        'PP3,P3,2026-03-02,2026-03-23,,,2026-03-09',
        'PP4,P4,2026-03-02,,,2026-05-04,',
      ),
    );
    expect(refusals(extract)).toEqual([]);
    expect(summary(extract)).toEqual([
      'ssd_pre_proceedings:PP1#decision P1 decision.recorded 2026-01-05 {"decision":"initiate-pre-proceedings"}',
      'ssd_pre_proceedings:PP1#letter P1 pre_proceedings.letter_sent 2026-01-12 {}',
      'ssd_pre_proceedings:PP1#meeting P1 pre_proceedings.meeting_held 2026-01-26 {"meeting":"initial"}',
      'ssd_pre_proceedings:PP1#end P1 pre_proceedings.ended 2026-04-20 {"outcome":"step-down"}',
      'ssd_pre_proceedings:PP2#decision P2 decision.recorded 2026-02-02 {"decision":"initiate-pre-proceedings"}',
      'ssd_pre_proceedings:PP2#end P2 pre_proceedings.ended 2026-03-30 {"outcome":"issue-proceedings"}',
      'ssd_pre_proceedings:PP3#decision P3 decision.recorded 2026-03-02 {"decision":"initiate-pre-proceedings"}',
      'ssd_pre_proceedings:PP3#letter P3 pre_proceedings.letter_sent 2026-03-09 {}',
      'ssd_pre_proceedings:PP3#meeting P3 pre_proceedings.meeting_held 2026-03-23 {"meeting":"initial"}',
      'ssd_pre_proceedings:PP4#decision P4 decision.recorded 2026-03-02 {"decision":"initiate-pre-proceedings"}',
      'ssd_pre_proceedings:PP4#end P4 pre_proceedings.ended 2026-05-04 {"outcome":"other"}',
    ]);
    // An end without an outcome is imported, and listed for the council to check.
    expect(extract.problems).toEqual([
      {
        file: 'ssd_pre_proceedings.csv',
        row: 5,
        column: 'prep_pre_pro_outcome',
        message:
          'is empty though prep_agree_stepdown_issue_date says pre-proceedings ended: read as ended another way',
        imported: true,
      },
    ]);
  });

  it('refuses a pre-proceedings outcome the SSD does not offer, or one without its day, without echoing it', () => {
    const extract = read(
      csv(
        'ssd_pre_proceedings.csv',
        'prep_table_id,prep_person_id,prep_pre_pro_decision_date,prep_pre_pro_outcome,prep_agree_stepdown_issue_date,prep_pre_pro_letter_date',
        'PP1,P1,2026-01-05,Family moved to Wales,2026-04-20,',
        'PP2,P2,2026-02-02,Decision to step down,,',
        'PP3,P3,2026-02-02,,,2026-01-30',
      ),
    );
    expect(summary(extract).filter((line) => line.includes('pre_proceedings.'))).toEqual([]);
    expect(extract.held).toEqual([
      'ssd_pre_proceedings:PP1',
      'ssd_pre_proceedings:PP2',
      'ssd_pre_proceedings:PP3',
    ]);
    expect(refusals(extract).map(({ row, column }) => `${row} ${column}`)).toEqual([
      '2 prep_pre_pro_outcome',
      '3 prep_agree_stepdown_issue_date',
      '4 prep_pre_pro_letter_date',
    ]);
    expect(JSON.stringify(extract.problems)).not.toMatch(/Wales/);
  });

  it('reads an unborn baby’s expected date of birth, dated by the child’s first row, only while there is no date of birth', () => {
    const extract = read(
      csv(
        'ssd_person.csv',
        'pers_person_id,pers_dob,pers_expected_dob',
        'U1,,2026-09-14',
        'B1,2026-05-02,2026-05-10',
        'U2,,2026-10-01',
      ),
      csv(
        'ssd_cin_episodes.csv',
        'cine_referral_id,cine_person_id,cine_referral_date,cine_close_date',
        'R1,U1,2026-03-02,',
      ),
      csv(
        'ssd_pre_proceedings.csv',
        'prep_table_id,prep_person_id,prep_pre_pro_decision_date',
        'PP1,U1,2026-04-06',
      ),
    );
    expect(summary(extract).filter((line) => line.includes('child.updated'))).toEqual([
      'ssd_person:B1#born B1 child.updated 2026-05-02 {"dateOfBirth":"2026-05-02"}',
      'ssd_person:U1#expected U1 child.updated 2026-03-02 {"expectedDateOfBirth":"2026-09-14"}',
    ]);
    expect(refusals(extract)).toEqual([
      {
        file: 'ssd_person.csv',
        row: 4,
        column: 'pers_expected_dob',
        message: 'has no other row of the child to date it from; it was not imported',
      },
    ]);
  });

  it('reads allocations by the HR id of ssd_professionals, with the reason its code gives or its history, and personal advisers', () => {
    const extract = read(
      csv(
        'ssd_professionals.csv',
        'prof_professional_id,prof_staff_id,prof_professional_name,prof_professional_department',
        'W1,SW-001,Ada Lantern,team-a',
        'W2,SW-002,Bea Marsh,team-b',
        'W3,,Cal Nettle,team-b',
      ),
      csv(
        'ssd_involvements.csv',
        'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_professional_team,invo_involvement_start_date,invo_worker_change_reason,invo_person_id',
        'N1,W1,Allocated Case Worker,team-a,2026-01-05,,P4',
        'N2,W2,Allocated Case Worker,team-b,2026-02-01,,P4',
        'N3,W3,,team-b,2026-03-01,,P4',
        'N4,W1,Allocated Social Worker,team-a,2026-04-01,MANAGE,P4',
        'N5,W2,IRO,team-b,2026-04-02,,P4',
        'N6,W2,Personal Advisor,team-b,2026-05-01,,P4',
      ),
    );
    expect(refusals(extract)).toEqual([]);
    expect(summary(extract)).toEqual([
      'ssd_involvements:N1#allocated P4 case.allocated 2026-01-05 {"workerId":"SW-001","teamId":"team-a","reason":"new"}',
      'ssd_involvements:N2#allocated P4 case.allocated 2026-02-01 {"workerId":"SW-002","teamId":"team-b","reason":"transfer"}',
      'ssd_involvements:N3#allocated P4 case.allocated 2026-03-01 {"workerId":"W3","teamId":"team-b","reason":"reallocation"}',
      'ssd_involvements:N4#allocated P4 case.allocated 2026-04-01 {"workerId":"SW-001","teamId":"team-a","reason":"reallocation"}',
      'ssd_involvements:N6#adviser P4 personal_adviser.allocated 2026-05-01 {"staffId":"SW-002"}',
    ]);
    expect(extract.directory).toEqual({
      teams: [],
      staff: [
        { id: 'SW-001', teamId: 'team-a' },
        { id: 'SW-002', teamId: 'team-b' },
        { id: 'W3', teamId: 'team-b' },
      ],
    });
    expect(JSON.stringify(extract)).not.toMatch(/Ada|Bea|Cal/);
  });

  it('reads an ambiguous placement code the stricter way and lists it, unless another table settles it', () => {
    const extract = read(
      csv(
        'ssd_legal_status.csv',
        'lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date',
        'L1,P5,V2,2026-01-01',
        'L2,P6,C1,2026-01-01',
      ),
      csv(
        'ssd_cla_placement.csv',
        'clap_cla_placement_id,clap_person_id,clap_cla_placement_start_date,clap_cla_placement_type',
        'A,P5,2026-05-01,U3',
        'B,P5,2025-06-01,U1',
        'C,P5,2026-02-01,P1',
        'D,P6,2026-02-01,P1',
        'E,P7,2026-02-01,P1',
      ),
    );
    const placements = extract.events
      .filter((mapped) => mapped.event.type === 'placement.started')
      .map((mapped) => `${mapped.key} ${JSON.stringify(mapped.event.data)}`);
    expect(placements).toEqual([
      'ssd_cla_placement:A#start {"placementType":"temporary-connected-carer"}',
      // Longer ago than a temporary approval can last.
      'ssd_cla_placement:B#start {"placementType":"connected-carer"}',
      // Under section 20: Regulation 19 applies only under a care or interim care order.
      'ssd_cla_placement:C#start {"placementType":"placed-with-parents"}',
      'ssd_cla_placement:D#start {"placementType":"placed-with-parents-before-assessment"}',
      // No legal status known: nothing settles it.
      'ssd_cla_placement:E#start {"placementType":"placed-with-parents-before-assessment"}',
    ]);
    expect(refusals(extract)).toEqual([]);
    expect(extract.problems.map(({ row, column, imported }) => ({ row, column, imported }))).toEqual([
      { row: 2, column: 'clap_cla_placement_type', imported: true },
      { row: 5, column: 'clap_cla_placement_type', imported: true },
      { row: 6, column: 'clap_cla_placement_type', imported: true },
    ]);
    expect(extract.problems[0]?.message).toMatch(
      /Regulation 24.*imported as temporary-connected-carer, the stricter reading/,
    );
    expect(extract.held).toEqual([]);
  });
});

describe('the SSD’s staff beside the directory from HR', () => {
  const hr: DirectoryData = {
    teams: [
      { id: 'service-a', name: 'Service A', parentId: null, teamsChannel: null },
      { id: 'team-a', name: 'Team A', parentId: null, teamsChannel: 'teams-a' },
    ],
    staff: [
      {
        id: 'TM-01',
        name: 'Hr Name',
        email: 'tm-01@council.example',
        level: 'TM',
        teamId: 'team-a',
        reportsTo: null,
      },
      {
        id: 'SW-001',
        name: 'Hr Worker',
        email: 'sw-001@council.example',
        level: 'worker',
        teamId: 'team-a',
        reportsTo: 'TM-01',
      },
    ],
  };

  it('keeps HR’s staff, names and teams, adds the teams HR lacks and fills in a parent HR has not set', () => {
    const merge = mergeDirectory(hr, {
      teams: [
        { id: 'team-a', name: 'Other name', parentId: 'service-a' },
        { id: 'team-b', name: 'Team B', parentId: 'service-a' },
        { id: 'team-c', name: 'Team C', parentId: 'nowhere' },
      ],
      staff: [
        { id: 'SW-001', teamId: 'team-a' },
        { id: 'SW-009', teamId: 'team-b' },
      ],
    });
    expect(merge.directory.staff).toBe(hr.staff);
    expect(merge.directory.teams).toEqual([
      { id: 'service-a', name: 'Service A', parentId: null, teamsChannel: null },
      { id: 'team-a', name: 'Team A', parentId: 'service-a', teamsChannel: 'teams-a' },
      { id: 'team-b', name: 'Team B', parentId: 'service-a', teamsChannel: null },
      { id: 'team-c', name: 'Team C', parentId: null, teamsChannel: null },
    ]);
    expect(merge).toMatchObject({
      teamsAdded: ['team-b', 'team-c'],
      parentsFilled: ['team-a'],
      staffNotInDirectory: ['SW-009'],
    });
  });

  it('lists the workers cases are allocated to who are not in the directory, each once', () => {
    const allocated = (workerId: string) =>
      ({ type: 'case.allocated', data: { workerId, reason: 'new' } }) as const;
    expect(
      allocatedNotInDirectory(
        [allocated('SW-001'), allocated('SW-077'), allocated('SW-050'), allocated('SW-077')],
        hr,
      ),
    ).toEqual(['SW-050', 'SW-077']);
  });
});

describe('what the SSD cannot feed or judge', () => {
  const profile = builtInProfile('default');
  const coverage = coverageOf(profile, SSD_FORMAT.carries, SSD_FORMAT);
  const needed = new Set([...coverage.noSource, ...coverage.neverMet].flatMap((rule) => rule.needs));

  it('has no management oversight, supervision or core groups: the rules that need them are listed', () => {
    for (const type of ['oversight.recorded', 'supervision.held', 'core_group.held'] as const) {
      expect(needed.has(type), type).toBe(true);
    }
  });

  it('feeds the visiting, review, conference and health rules', () => {
    const uncovered = new Set(
      [...coverage.noSource, ...coverage.neverMet, ...coverage.notJudged].map((rule) => rule.rule),
    );
    for (const rule of [
      'cp.visit',
      'cin.visit',
      'cic.visit',
      'cic.review',
      'cp.review-conference',
      'cic.initial-health-assessment',
    ]) {
      expect(uncovered.has(rule), rule).toBe(false);
    }
  });

  it('says which rules it feeds but cannot judge: recording times, times of day, one date for two events', () => {
    const because = Object.fromEntries(coverage.notJudged.map((rule) => [rule.rule, rule.because]));
    expect(because).toMatchObject({
      'cp.visit-recorded': 'no-recording-times',
      's47.workflow-started': 'no-times-of-day',
      'assessment.sign-off': 'same-date',
    });
  });
});

describe('snapshots against the manifest', () => {
  const visits = (...rows: string[]) =>
    csv(
      'ssd_cin_visits.csv',
      'cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen',
      ...rows,
    );
  const person = csv('ssd_person.csv', 'pers_person_id,pers_dob', 'P1,2016-01-01');
  /** Plans an extract against the manifest, and the manifest after it. */
  const snapshot = (manifest: ManifestEntry[], ...files: SourceFile[]) => {
    const plan = planImport(read(...files), manifest, 'ssd');
    const written = new Map(plan.writes.map((write) => [write.caseId, write.entries]));
    const after = [
      ...manifest.filter((entry) => !written.has(entry.caseId)),
      ...[...written.values()].flat(),
    ];
    return { plan, after, events: plan.writes.flatMap((write) => write.events) };
  };
  const first = snapshot([], person, visits('V1,P1,2026-03-01,Y', 'V2,P1,2026-04-01,Y'));

  it('makes every event of a first import, with ids from the source, key and content', () => {
    expect(first.plan).toMatchObject({ children: 1, made: 3, corrected: 0, withdrawn: 0, unchanged: 0 });
    expect(first.events.map((event) => event.id)).toEqual([
      expect.stringMatching(/^ssd:ssd_person:P1#born:[0-9a-f]{12}$/),
      expect.stringMatching(/^ssd:ssd_cin_visits:V1#visit:[0-9a-f]{12}$/),
      expect.stringMatching(/^ssd:ssd_cin_visits:V2#visit:[0-9a-f]{12}$/),
    ]);
    expect(first.events.every((event) => event.source === 'ssd')).toBe(true);
  });

  it('changes nothing when the same extract is imported again', () => {
    const again = snapshot(first.after, person, visits('V1,P1,2026-03-01,Y', 'V2,P1,2026-04-01,Y'));
    expect(again.plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 0, unchanged: 3 });
    expect(again.events).toEqual([]);
  });

  it('corrects a changed row: a retraction of its event and a new event under a new id', () => {
    const old = first.events[1] as CaseEvent;
    const changed = snapshot(first.after, person, visits('V1,P1,2026-03-02,Y', 'V2,P1,2026-04-01,Y'));
    expect(changed.plan).toMatchObject({ made: 1, corrected: 1, withdrawn: 0, unchanged: 2 });
    expect(changed.events).toEqual([
      {
        id: `${old.id}:x`,
        type: 'event.retracted',
        caseId: 'P1',
        occurredAt: '2026-03-01',
        source: 'ssd',
        data: { eventId: old.id },
      },
      expect.objectContaining({
        type: 'visit.completed',
        occurredAt: '2026-03-02',
        id: expect.stringMatching(/^ssd:ssd_cin_visits:V1#visit:[0-9a-f]{12}:1$/),
      }),
    ]);
    // Changed back: a new id again, never one retracted before.
    const back = snapshot(changed.after, person, visits('V1,P1,2026-03-01,Y', 'V2,P1,2026-04-01,Y'));
    expect(back.events[1]?.id).toMatch(/:2$/);
  });

  it('withdraws a deleted row with a retraction, and a row deleted and added back gets a new id', () => {
    const old = first.events[2] as CaseEvent;
    const deleted = snapshot(first.after, person, visits('V1,P1,2026-03-01,Y'));
    expect(deleted.plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 1, unchanged: 2 });
    expect(deleted.events).toEqual([
      expect.objectContaining({ type: 'event.retracted', data: { eventId: old.id } }),
    ]);
    const back = snapshot(deleted.after, person, visits('V1,P1,2026-03-01,Y', 'V2,P1,2026-04-01,Y'));
    expect(back.plan).toMatchObject({ made: 1, withdrawn: 0 });
    expect(back.events[0]?.id).not.toBe(old.id);
  });

  it('leaves what a table made as it was when the table is not supplied, or a row of it is refused', () => {
    const absent = snapshot(first.after, person);
    expect(absent.plan).toMatchObject({ made: 0, withdrawn: 0, unchanged: 1 });
    expect(absent.after).toEqual(first.after);
    const refused = snapshot(first.after, person, visits('V1,P1,2026-03-01,Y', 'V2,P1,2026-04-31,Y'));
    expect(refused.plan).toMatchObject({ made: 0, withdrawn: 0, unchanged: 2 });
    expect(refused.events).toEqual([]);
  });

  it('withdraws, of an extract covering a period (a yearly return), only what is dated within it', () => {
    const yearly = (period: ImportPeriod) => ({ ...read(person, visits()), period });
    // Neither visit is listed: the one in the period was deleted, the one before it is outside it.
    const plan = planImport(yearly({ from: '2026-03-15', to: '2027-03-14' }), first.after, 'ssd');
    expect(plan).toMatchObject({ made: 0, corrected: 0, withdrawn: 1, unchanged: 1 });
    expect(plan.writes.flatMap((write) => write.events)).toEqual([
      expect.objectContaining({ type: 'event.retracted', occurredAt: '2026-04-01' }),
    ]);
    // Nor is what is dated after it withdrawn: a later year's return imported first.
    expect(planImport(yearly({ from: '2025-03-15', to: '2026-03-14' }), first.after, 'ssd')).toMatchObject({
      withdrawn: 1,
    });
    expect(planImport(yearly({ from: '2024-04-01', to: '2025-03-31' }), first.after, 'ssd')).toMatchObject({
      withdrawn: 0,
    });
    // An instant is within the period by its London day.
    const year = { from: '2026-04-01', to: '2027-03-31' };
    expect(isWithin(year, '2026-03-31T23:30:00Z')).toBe(true);
    expect(isWithin(year, '2026-03-31T22:30:00Z')).toBe(false);
    expect(isWithin(year, '2027-03-31')).toBe(true);
  });
});

describe('messy exports', () => {
  /** Every value a cell holds below: none may appear in a problem. */
  const CELLS = [
    'Zorba',
    'Quillfeather',
    'Ysolde',
    'Marchbank',
    'Wendeline',
    'Oakhart',
    '2015-02-30',
    '2027-01-05',
    'U9',
    'maybe',
    'soon',
  ];
  const files = [
    {
      name: 'ssd_person.csv',
      text:
        '\uFEFFpers_person_id,pers_forename,pers_surname,pers_dob\r\n' +
        'C-1,Zorba,Quillfeather,2015-02-30\r\n' +
        'C-2,Ysolde,"Marchbank, Jr",2014-06-01\r\n' +
        'C-2,Ysolde,"Marchbank, Jr",2014-06-01\r\n' +
        'C-3,Wendeline,Oakhart,2013-01-01\r\n',
    },
    csv(
      'ssd_cin_assessments.csv',
      'cina_assessment_id,cina_person_id,cina_assessment_start_date,cina_assessment_auth_date',
      'A1,C-2,2026-03-01,2026-02-01',
      'A2,C-3,2027-01-05,',
      'A3,C-3,2026-04-01,2026-05-01',
      'A3,C-3,2026-04-02,2026-05-01',
      'A4,C-3,soon,',
    ),
    csv(
      'ssd_cla_placement.csv',
      'clap_cla_placement_id,clap_person_id,clap_cla_placement_start_date,clap_cla_placement_type',
      'P1,C-3,2026-01-01,U9',
      'P2,C-3,2026-02-01,U6',
    ),
    csv('ssd_cp_visits.csv', 'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date', 'V1,C-2,2026-02-01'),
    csv(
      'ssd_cin_visits.csv',
      'cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen',
      'W1,C-2,2026-02-01,maybe',
      'W2,C-2,2026-02-08',
      'W3,C-2,2026-02-15,Y',
      ',C-2,2026-02-22,Y',
    ),
  ];
  const extract = read(...files);
  const plan = planImport(extract, [], 'ssd');

  it('imports every valid row, whatever its neighbours', () => {
    expect(plan.problems).toEqual([]);
    expect(summary(extract)).toEqual([
      'ssd_person:C-2#born C-2 child.updated 2014-06-01 {"dateOfBirth":"2014-06-01"}',
      'ssd_person:C-3#born C-3 child.updated 2013-01-01 {"dateOfBirth":"2013-01-01"}',
      'ssd_cin_assessments:A1#start C-2 assessment.started 2026-03-01 {}',
      'ssd_cin_assessments:A3#start C-3 assessment.started 2026-04-01 {}',
      'ssd_cin_assessments:A3#completed C-3 assessment.completed 2026-05-01 {}',
      'ssd_cin_assessments:A3#authorised C-3 assessment.authorised 2026-05-01 {}',
      'ssd_cin_visits:W3#visit C-2 visit.completed 2026-02-15 {"visitType":"cin","childSeen":true}',
      'ssd_cla_placement:P2#start C-3 placement.started 2026-02-01 {"placementType":"foster-care"}',
    ]);
  });

  it('lists every problem by file, row and column, never with a cell’s text', () => {
    const places = extract.problems.map(({ file, row, column, imported }) => [
      file,
      row,
      column ?? null,
      imported ?? false,
    ]);
    expect(places).toEqual(
      expect.arrayContaining([
        ['ssd_person.csv', 2, 'pers_dob', false],
        ['ssd_person.csv', 4, 'pers_person_id', true],
        ['ssd_cin_assessments.csv', 2, 'cina_assessment_auth_date', false],
        ['ssd_cin_assessments.csv', 3, 'cina_assessment_start_date', false],
        ['ssd_cin_assessments.csv', 5, 'cina_assessment_id', false],
        ['ssd_cin_assessments.csv', 6, 'cina_assessment_start_date', false],
        ['ssd_cla_placement.csv', 2, 'clap_cla_placement_type', false],
        ['ssd_cp_visits.csv', 1, 'cppv_cp_visit_seen', false],
        ['ssd_cin_visits.csv', 2, 'cinv_cin_visit_seen', false],
        ['ssd_cin_visits.csv', 3, null, false],
        ['ssd_cin_visits.csv', 5, 'cinv_cin_visit_id', false],
      ]),
    );
    expect(places).toHaveLength(11);
    const messages = extract.problems.map((problem) => problem.message).join('\n');
    for (const cell of CELLS) expect(messages, cell).not.toContain(cell);
    expect(messages).toMatch(/is not a real date/);
    expect(messages).toMatch(/is before cina_assessment_start_date/);
    expect(messages).toMatch(/is after the day of the import/);
    expect(messages).toMatch(/is not a code of the SSDA903 placement types/);
    expect(messages).toMatch(/the header has no such column/);
  });

  it('refuses a table whose file lacks a column it needs whole, so nothing it made before is withdrawn', () => {
    expect(extract.sections).not.toContain('ssd_cp_visits');
    expect(extract.held).toEqual(
      expect.arrayContaining([
        'ssd_person:C-1',
        'ssd_cin_assessments:A1',
        'ssd_cin_assessments:A2',
        'ssd_cla_placement:P1',
        'ssd_cin_visits:W1',
        'ssd_cin_visits:W2',
      ]),
    );
  });
});

describe('the synthetic SSD extract', () => {
  const seed = 7;
  const council = generateCouncil({ seed, asOf: TODAY, cases: 240 });
  const files = ssdExtractFiles(council, seed);

  it('is deterministic, and the same when written a slice of cases at a time', () => {
    expect(ssdExtractFiles(generateCouncil({ seed, asOf: TODAY, cases: 240 }), seed)).toEqual(files);
    const dir = mkdtempSync(join(tmpdir(), 'los-ssd-extract-'));
    const counts = writeSsdExtract(dir, { seed, asOf: TODAY, cases: 240, slice: 70 });
    expect(readdirSync(dir).sort()).toEqual(files.map((file) => file.name).sort());
    for (const file of files) expect(readFileSync(join(dir, file.name), 'utf8'), file.name).toBe(file.text);
    expect(counts.ssd_person).toBe(240);
    expect(files.every((file) => file.text.endsWith('\r\n'))).toBe(true);
  });

  it('makes only the kinds of event the format says it carries, which coverage is worked out from', () => {
    /** What tells kinds apart: the data, but for ids and dates of birth. */
    const kindOf = ({ type, data }: Pick<CaseEvent, 'type' | 'data'>) =>
      `${type} ${JSON.stringify(
        type === 'child.updated'
          ? Object.keys(data)
          : type === 'case.allocated'
            ? (data as { reason: string }).reason
            : type === 'personal_adviser.allocated'
              ? null
              : data,
      )}`;
    const carried = new Set(SSD_FORMAT.carries.map(kindOf));
    const made = new Set(SSD_FORMAT.read(files, TODAY).events.map(({ event }) => kindOf(event)));
    expect([...made].filter((kind) => !carried.has(kind))).toEqual([]);
  });

  it('imports whole, without a refusal, and no child’s name reaches an event', () => {
    const extract = SSD_FORMAT.read(files, TODAY);
    expect(refusals(extract)).toEqual([]);
    const persons = (files.find((file) => file.name === 'ssd_person.csv') as SourceFile).text
      .split('\r\n')
      .slice(1, -1);
    const names = new Set(persons.flatMap((line) => line.split(',').slice(1, 3)));
    const text = JSON.stringify(extract.events);
    for (const name of names) expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  /**
   * The rules the SSD feeds whose deadlines rest on something it does not record, and what. Each is
   * read the stricter way by the import (an assessment completed later; a child disabled sooner).
   */
  const SSD_CANNOT_TELL: Readonly<Record<string, string>> = {
    'assessment.completion':
      'an assessment’s completion: the SSD dates its authorisation, which the import takes as its completion',
    'cin.assessment': 'an assessment’s completion, as above',
    'cwd.annual-assessment': 'an assessment’s completion, as above, and when a disability was recorded',
    'cwd.transition-assessment':
      'when a disability was recorded: ssd_disability has no date, so a child is disabled from birth',
  };
  /** Rules fed by a latest value (the SSD keeps only the newest contact and pathway plan review): their open deadline is compared. */
  const LATEST_ONLY = new Set(['care-leaver.contact', 'care-leaver.pathway-plan']);

  /**
   * A placement as the SSD can tell it: its code (the long-term match and age-18 intention are not in
   * it), read as the import reads a code that cannot say all the contract needs.
   */
  function asTheSsdTellsIt(events: readonly CaseEvent[]): CaseEvent[] {
    let legalStatus: LegalStatus | null = null;
    return events.map((event) => {
      if (event.type === 'care_period.started') legalStatus = event.data.legalStatus;
      if (event.type === 'care_period.ended') legalStatus = null;
      if (event.type !== 'placement.started') return event;
      const code = dfeCodeReading(
        'placement-type',
        placementCode(event.data.placementType, event.data.longTermMatched),
      ) as DfeCodeReading<PlacementType> & {
        meaning: PlacementType;
      };
      const { placementType } = placementReading(code, {
        started: event.occurredAt.slice(0, 10),
        today: TODAY,
        legalStatus,
      });
      return { ...event, data: { placementType } };
    });
  }

  it('gives the deadlines of the council’s own events for every rule it feeds', () => {
    const profile = builtInProfile('default');
    const coverage = coverageOf(profile, SSD_FORMAT.carries, SSD_FORMAT);
    const uncovered = new Set(
      [...coverage.noSource, ...coverage.neverMet, ...coverage.notJudged].map((rule) => rule.rule),
    );
    const fed = profile.rules
      .filter((rule) => !uncovered.has(rule.id) && !(rule.id in SSD_CANNOT_TELL))
      .map((rule) => rule.id);
    expect(fed).toEqual(
      expect.arrayContaining([
        'cp.visit',
        'cp.review-conference',
        'cin.visit',
        'cic.visit',
        'cic.review',
        'cic.sdq',
        'care-leaver.contact',
      ]),
    );

    const plan = planImport(SSD_FORMAT.read(files, TODAY), [], 'ssd');
    expect(plan.problems).toEqual([]);
    const imported = eventsByCase(plan.writes.flatMap((write) => write.events));
    const own = eventsByCase(council.events);
    const asOf = momentOf(TODAY);
    // A visiting frequency agreed for a case is not in the SSD: that rule is not compared for the case.
    const deadlines = (caseId: string, events: readonly CaseEvent[], agreed: ReadonlySet<string>) =>
      evaluateCase(caseId, events, profile, asOf)
        .deadlines.filter((deadline) => fed.includes(deadline.rule.id) && !agreed.has(deadline.rule.id))
        .filter(
          (deadline) =>
            !LATEST_ONLY.has(deadline.rule.id) || ['upcoming', 'due', 'overdue'].includes(deadline.status),
        )
        .map((deadline) => ({
          rule: deadline.rule.id,
          due: deadline.due.day,
          status: deadline.status,
          met: deadline.met?.at.day ?? null,
        }));
    let compared = 0;
    for (const caseId of council.caseIds) {
      const events = own.get(caseId) ?? [];
      const agreed = new Set(
        events.flatMap((event) => (event.type === 'visit_frequency.agreed' ? [event.data.rule] : [])),
      );
      const expected = deadlines(caseId, asTheSsdTellsIt(events), agreed);
      expect(deadlines(caseId, imported.get(caseId) ?? [], agreed), caseId).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
