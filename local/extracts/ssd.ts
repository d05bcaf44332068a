/**
 * A synthetic council's Standard Safeguarding Dataset extract: what a council's nightly SSD build would
 * give for the cases and staff of `local/synthetic-council.ts`, one CSV file per table with the SSD's
 * column names (dates `YYYY-MM-DD`, flags `Y`/`N`, CRLF line endings, as SQL Server exports write
 * them). Everything in it is invented, the children's names included (which the import never reads).
 *
 * Built a slice of cases at a time ({@link ssdCaseRows}, {@link writeSsdExtract}), so that the largest
 * council's extract (20,000 cases, about two million rows) is written without holding the council
 * whole. Deterministic: the same council gives the same extract, byte for byte.
 *
 * What the SSD cannot say is lost on the way, as it would be from a real case system: times of day,
 * the events it has no table for (oversight, supervision, core groups…), an assessment's completion
 * apart from its authorisation, and the placement details its codes do not carry (docs/imports.md).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseEvent, EventOf, PreProceedingsOutcome } from '../../events/index.ts';
import type { SourceFile } from '../../functions/core/imports/format.ts';
import { FIRST_NAMES, LAST_NAMES, syntheticDirectory } from '../synthetic/directory.ts';
import type { SyntheticStaff } from '../synthetic/staff.ts';
import {
  planCouncil,
  type SyntheticCase,
  type SyntheticCouncil,
  type SyntheticCouncilOptions,
} from '../synthetic-council.ts';
import { csvText, dayOf } from './cells.ts';
import {
  CARE_END_CODES,
  DISABILITY_CODES,
  EPISODE_CONTINUES,
  LEGAL_STATUS_CODES,
  placementCode,
} from './dfe-codes.ts';

/** The SSD tables the generator writes, each with its columns in the SSD's order (names among them). */
export const SSD_EXTRACT_TABLES = {
  ssd_person: [
    'pers_person_id',
    'pers_forename',
    'pers_surname',
    'pers_sex',
    'pers_gender',
    'pers_ethnicity',
    'pers_dob',
    'pers_common_child_id',
    'pers_legacy_id',
    'pers_upn_unknown',
    'pers_send_flag',
    'pers_expected_dob',
    'pers_death_date',
    'pers_is_mother',
    'pers_nationality',
  ],
  ssd_disability: ['disa_person_id', 'disa_table_id', 'disa_disability_code'],
  ssd_department: ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_parent_name'],
  ssd_professionals: [
    'prof_professional_id',
    'prof_staff_id',
    'prof_professional_name',
    'prof_social_worker_registration_no',
    'prof_professional_job_title',
    'prof_professional_caseload',
    'prof_professional_department',
    'prof_full_time_equivalency',
    'prof_agency_worker_flag',
  ],
  ssd_involvements: [
    'invo_involvements_id',
    'invo_professional_id',
    'invo_professional_role_id',
    'invo_professional_team',
    'invo_involvement_start_date',
    'invo_involvement_end_date',
    'invo_worker_change_reason',
    'invo_person_id',
    'invo_referral_id',
  ],
  ssd_early_help_episodes: [
    'earl_episode_id',
    'earl_person_id',
    'earl_episode_start_date',
    'earl_episode_end_date',
    'earl_episode_reason',
    'earl_episode_end_reason',
    'earl_episode_organisation',
    'earl_episode_worker_id',
  ],
  ssd_cin_episodes: [
    'cine_referral_id',
    'cine_person_id',
    'cine_referral_date',
    'cine_cin_primary_need_code',
    'cine_referral_source_code',
    'cine_referral_source_desc',
    'cine_referral_outcome_json',
    'cine_referral_nfa',
    'cine_close_reason',
    'cine_close_date',
    'cine_referral_team',
    'cine_referral_worker_id',
  ],
  ssd_cin_assessments: [
    'cina_assessment_id',
    'cina_person_id',
    'cina_referral_id',
    'cina_assessment_start_date',
    'cina_assessment_child_seen',
    'cina_assessment_auth_date',
    'cina_assessment_outcome_json',
    'cina_assessment_outcome_nfa',
    'cina_assessment_team',
    'cina_assessment_worker_id',
  ],
  ssd_s47_enquiry: [
    's47e_s47_enquiry_id',
    's47e_referral_id',
    's47e_person_id',
    's47e_s47_start_date',
    's47e_s47_end_date',
    's47e_s47_nfa',
    's47e_s47_outcome_json',
    's47e_s47_completed_by_worker_id',
    's47e_s47_completed_by_team',
  ],
  ssd_initial_cp_conference: [
    'icpc_icpc_id',
    'icpc_icpc_meeting_id',
    'icpc_s47_enquiry_id',
    'icpc_person_id',
    'icpc_cp_plan_id',
    'icpc_referral_id',
    'icpc_icpc_transfer_in',
    'icpc_icpc_target_date',
    'icpc_icpc_date',
    'icpc_icpc_outcome_cp_flag',
    'icpc_icpc_outcome_json',
    'icpc_icpc_team',
    'icpc_icpc_worker_id',
  ],
  ssd_cp_plans: [
    'cppl_cp_plan_id',
    'cppl_referral_id',
    'cppl_icpc_id',
    'cppl_person_id',
    'cppl_cp_plan_start_date',
    'cppl_cp_plan_end_date',
    'cppl_cp_plan_initial_category',
    'cppl_cp_plan_ola',
    'cppl_cp_plan_latest_category',
  ],
  ssd_cp_visits: [
    'cppv_cp_visit_id',
    'cppv_person_id',
    'cppv_cp_plan_id',
    'cppv_cp_visit_date',
    'cppv_cp_visit_seen',
    'cppv_cp_visit_seen_alone',
    'cppv_cp_visit_bedroom',
  ],
  ssd_cp_reviews: [
    'cppr_cp_review_id',
    'cppr_person_id',
    'cppr_cp_plan_id',
    'cppr_cp_review_due',
    'cppr_cp_review_date',
    'cppr_cp_review_meeting_id',
    'cppr_cp_review_outcome_continue_cp',
    'cppr_cp_review_quorate',
    'cppr_cp_review_participation',
  ],
  ssd_cin_plans: [
    'cinp_cin_plan_id',
    'cinp_referral_id',
    'cinp_person_id',
    'cinp_cin_plan_start_date',
    'cinp_cin_plan_end_date',
    'cinp_cin_plan_team',
    'cinp_cin_plan_worker_id',
  ],
  ssd_cin_visits: [
    'cinv_cin_visit_id',
    'cinv_person_id',
    'cinv_cin_visit_date',
    'cinv_cin_visit_seen',
    'cinv_cin_visit_seen_alone',
    'cinv_cin_visit_bedroom',
  ],
  ssd_cla_episodes: [
    'clae_cla_episode_id',
    'clae_person_id',
    'clae_cla_episode_start_date',
    'clae_cla_episode_start_reason',
    'clae_cla_primary_need_code',
    'clae_cla_episode_ceased_date',
    'clae_cla_episode_ceased_reason',
    'clae_cla_id',
    'clae_referral_id',
    'clae_cla_placement_id',
    'clae_entered_care_date',
    'clae_cla_last_iro_contact_date',
  ],
  ssd_cla_placement: [
    'clap_cla_placement_id',
    'clap_cla_placement_start_date',
    'clap_cla_placement_type',
    'clap_cla_placement_urn',
    'clap_cla_placement_distance',
    'clap_cla_id',
    'clap_cla_placement_provider',
    'clap_cla_placement_postcode',
    'clap_cla_placement_end_date',
    'clap_cla_placement_change_reason',
    'clap_person_id',
  ],
  ssd_legal_status: [
    'lega_legal_status_id',
    'lega_person_id',
    'lega_legal_status',
    'lega_legal_status_start_date',
    'lega_legal_status_end_date',
  ],
  ssd_cla_reviews: [
    'clar_cla_review_id',
    'clar_cla_id',
    'clar_cla_review_due_date',
    'clar_cla_review_date',
    'clar_cla_review_cancelled',
    'clar_cla_review_participation',
  ],
  ssd_cla_visits: [
    'clav_cla_visit_id',
    'clav_cla_id',
    'clav_person_id',
    'clav_cla_visit_date',
    'clav_cla_visit_seen',
    'clav_cla_visit_seen_alone',
  ],
  ssd_cla_health: [
    'clah_health_check_id',
    'clah_person_id',
    'clah_health_check_type',
    'clah_health_check_date',
    'clah_health_check_status',
  ],
  ssd_sdq_scores: [
    'csdq_table_id',
    'csdq_person_id',
    'csdq_sdq_completed_date',
    'csdq_sdq_reason',
    'csdq_sdq_score',
  ],
  ssd_missing: [
    'miss_table_id',
    'miss_person_id',
    'miss_missing_episode_start_date',
    'miss_missing_episode_type',
    'miss_missing_episode_end_date',
    'miss_missing_rhi_offered',
    'miss_missing_rhi_accepted',
  ],
  ssd_care_leavers: [
    'clea_table_id',
    'clea_person_id',
    'clea_care_leaver_eligibility',
    'clea_care_leaver_in_touch',
    'clea_care_leaver_latest_contact',
    'clea_care_leaver_accommodation',
    'clea_care_leaver_accom_suitable',
    'clea_care_leaver_activity',
    'clea_pathway_plan_review_date',
    'clea_care_leaver_personal_advisor',
    'clea_care_leaver_allocated_team',
    'clea_care_leaver_worker_id',
  ],
  ssd_pre_proceedings: [
    'prep_table_id',
    'prep_person_id',
    'prep_plo_family_id',
    'prep_pre_pro_decision_date',
    'prep_initial_pre_pro_meeting_date',
    'prep_pre_pro_outcome',
    'prep_agree_stepdown_issue_date',
    'prep_pre_pro_letter_date',
    'prep_pre_pro_meetings_num',
  ],
  ssd_permanence: [
    'perm_table_id',
    'perm_person_id',
    'perm_cla_id',
    'perm_adm_decision_date',
    'perm_placement_order_date',
    'perm_placed_for_adoption_date',
    'perm_matched_date',
  ],
} as const;

/** A table the generator writes. */
export type SsdExtractTable = keyof typeof SSD_EXTRACT_TABLES;

/** One row: its cells by column (a column left out is empty). */
type SsdRow = Partial<Record<string, string>>;

/** Rows of the extract's tables. */
type SsdRows = Record<SsdExtractTable, SsdRow[]>;

/** The RIIA reason for a change of worker (`invo_worker_change_reason`) written for each allocation reason. */
const CHANGE_REASONS = { new: 'FCONTA', transfer: 'TSPROC', reallocation: 'MANAGE' } as const;
const ALLOCATED_ROLE = 'Allocated Case Worker';
/** `prep_pre_pro_outcome` as the SSD's guidance words it; an ending another way leaves it blank. */
const PRE_PROCEEDINGS_OUTCOME_TEXT: Readonly<Record<PreProceedingsOutcome, string>> = {
  'issue-proceedings': 'Decision to Issue Care Proceedings',
  'step-down': 'Decision to step down',
  other: '',
};
const ADVISER_ROLE = 'Personal Adviser';

/** No rows yet, in every table. */
function emptySsdRows(): SsdRows {
  return Object.fromEntries(
    Object.keys(SSD_EXTRACT_TABLES).map((table) => [table, []]),
  ) as unknown as SsdRows;
}

const y = (flag: boolean) => (flag ? 'Y' : 'N');
const flagOf = (flag: boolean | undefined) => (flag === undefined ? '' : y(flag));

/** The staff's ids as the SSD knows them (`prof_professional_id`), by their HR id. */
function professionalIds(staff: readonly SyntheticStaff[]): Map<string, string> {
  return new Map(staff.map((member, index) => [member.id, `PROF-${String(index + 1).padStart(5, '0')}`]));
}

/** The rows of `ssd_department` and `ssd_professionals`: the council's units and staff. */
function ssdStaffRows(council: Pick<SyntheticCouncil, 'staff' | 'dutyTeamId'>, seed: number): SsdRows {
  const rows = emptySsdRows();
  const directory = syntheticDirectory(council, seed);
  const nameOf = new Map(directory.teams.map((team) => [team.id, team.name]));
  for (const team of directory.teams) {
    rows.ssd_department.push({
      dept_team_id: team.id,
      dept_team_name: team.name,
      dept_team_parent_id: team.parentId ?? '',
      dept_team_parent_name: team.parentId === null ? '' : (nameOf.get(team.parentId) ?? ''),
    });
  }
  const ids = professionalIds(council.staff);
  directory.staff.forEach((member, index) => {
    rows.ssd_professionals.push({
      prof_professional_id: ids.get(member.id) as string,
      prof_staff_id: member.id,
      prof_professional_name: member.name,
      prof_social_worker_registration_no: member.level === 'worker' ? `SW${String(100_000 + index)}` : '',
      prof_professional_job_title: member.level === 'worker' ? 'Social Worker' : member.level,
      prof_professional_department: member.teamId,
      prof_full_time_equivalency: '1',
      prof_agency_worker_flag: 'N',
    });
  });
  return rows;
}

/** The rows one case gives, appended to `rows`. */
class CaseRows {
  private readonly counters = new Map<string, number>();
  private dob = '';
  private expectedDob = '';
  private disabled = false;
  private referral: SsdRow | null = null;
  private readonly assessments: SsdRow[] = [];
  private strategy: string | null = null;
  private s47: SsdRow | null = null;
  private cpPlan: SsdRow | null = null;
  private cinPlan: SsdRow | null = null;
  private period: { claId: string; legal: SsdRow; episode: SsdRow } | null = null;
  private placement: SsdRow | null = null;
  private missing: SsdRow | null = null;
  private earlyHelp: SsdRow | null = null;
  private preProceedings: SsdRow | null = null;
  private allocation: SsdRow | null = null;
  private adviser: SsdRow | null = null;
  private latestContact = '';
  private latestPathwayPlan = '';

  constructor(
    private readonly caseId: string,
    private readonly rows: SsdRows,
    private readonly professionalOf: ReadonlyMap<string, string>,
    private readonly teamOf: ReadonlyMap<string, string>,
  ) {}

  /** A new row id of a kind, for this case: `CASE-10001-VIS12`. */
  private id(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.caseId}-${kind}${n}`;
  }

  private add(table: SsdExtractTable, row: SsdRow): SsdRow {
    this.rows[table].push(row);
    return row;
  }

  /** An involvement from `day`, ending the one before it of the same role. */
  private involve(before: SsdRow | null, staffId: string, role: string, day: string, reason: string): SsdRow {
    if (before) before.invo_involvement_end_date = day;
    return this.add('ssd_involvements', {
      invo_involvements_id: this.id('INV'),
      invo_professional_id: this.professionalOf.get(staffId) ?? staffId,
      invo_professional_role_id: role,
      invo_professional_team: this.teamOf.get(staffId) ?? '',
      invo_involvement_start_date: day,
      invo_worker_change_reason: reason,
      invo_person_id: this.caseId,
      invo_referral_id: this.referral?.cine_referral_id ?? '',
    });
  }

  /**
   * A new looked-after episode from `day` (`S` a period begins, `L` its legal status changed, `P` its
   * placement), the one before ceasing that day with `X1`; changes on one day are one episode (`B`).
   */
  private episode(day: string, change: 'S' | 'L' | 'P') {
    const period = this.period;
    if (!period) return;
    const current = period.episode;
    if (current.clae_cla_episode_start_date === day) {
      const was = current.clae_cla_episode_start_reason;
      if (was !== 'S' && was !== change) current.clae_cla_episode_start_reason = 'B';
      current.clae_cla_placement_id = this.placement?.clap_cla_placement_id ?? '';
      return;
    }
    current.clae_cla_episode_ceased_date = day;
    current.clae_cla_episode_ceased_reason = EPISODE_CONTINUES;
    period.episode = this.add('ssd_cla_episodes', this.episodeRow(day, change, period.claId));
  }

  private episodeRow(day: string, change: string, claId: string): SsdRow {
    return {
      clae_cla_episode_id: this.id('EP'),
      clae_person_id: this.caseId,
      clae_cla_episode_start_date: day,
      clae_cla_episode_start_reason: change,
      clae_cla_id: claId,
      clae_referral_id: this.referral?.cine_referral_id ?? '',
      clae_cla_placement_id: this.placement?.clap_cla_placement_id ?? '',
    };
  }

  private visit(event: EventOf<'visit.completed'>) {
    const day = dayOf(event);
    const { visitType, childSeen, seenAlone, bedroomSeen } = event.data;
    const alone = childSeen ? flagOf(seenAlone) : '';
    const bedroom = childSeen ? flagOf(bedroomSeen) : '';
    switch (visitType) {
      case 'cp':
        this.add('ssd_cp_visits', {
          cppv_cp_visit_id: this.id('CPV'),
          cppv_person_id: this.caseId,
          cppv_cp_plan_id: this.cpPlan?.cppl_cp_plan_id ?? '',
          cppv_cp_visit_date: day,
          cppv_cp_visit_seen: y(childSeen),
          cppv_cp_visit_seen_alone: alone,
          cppv_cp_visit_bedroom: bedroom,
        });
        break;
      case 'cin':
        this.add('ssd_cin_visits', {
          cinv_cin_visit_id: this.id('CINV'),
          cinv_person_id: this.caseId,
          cinv_cin_visit_date: day,
          cinv_cin_visit_seen: y(childSeen),
          cinv_cin_visit_seen_alone: alone,
          cinv_cin_visit_bedroom: bedroom,
        });
        break;
      case 'cic':
        this.add('ssd_cla_visits', {
          clav_cla_visit_id: this.id('CLAV'),
          clav_cla_id: this.period?.claId ?? '',
          clav_person_id: this.caseId,
          clav_cla_visit_date: day,
          clav_cla_visit_seen: y(childSeen),
          clav_cla_visit_seen_alone: alone,
        });
        break;
      case 'care-leaver':
        if (childSeen) this.latestContact = day;
        break;
      default:
        // Early Help and private fostering visits have no table in the SSD.
        break;
    }
  }

  private care(event: CaseEvent) {
    const day = dayOf(event);
    switch (event.type) {
      case 'care_period.started': {
        const legal = (): SsdRow =>
          this.add('ssd_legal_status', {
            lega_legal_status_id: this.id('LS'),
            lega_person_id: this.caseId,
            lega_legal_status: LEGAL_STATUS_CODES[event.data.legalStatus],
            lega_legal_status_start_date: day,
          });
        if (this.period) {
          this.period.legal.lega_legal_status_end_date = day;
          this.period.legal = legal();
          this.episode(day, 'L');
        } else {
          const claId = this.id('CLA');
          const episode = this.add('ssd_cla_episodes', {
            ...this.episodeRow(day, 'S', claId),
            clae_entered_care_date: day,
          });
          this.period = { claId, legal: legal(), episode };
        }
        break;
      }
      case 'placement.started': {
        if (this.placement) this.placement.clap_cla_placement_end_date ||= day;
        const { placementType, longTermMatched } = event.data;
        this.placement = this.add('ssd_cla_placement', {
          clap_cla_placement_id: this.id('PL'),
          clap_cla_placement_start_date: day,
          clap_cla_placement_type: placementCode(placementType, longTermMatched),
          clap_cla_id: this.period?.claId ?? '',
          clap_cla_placement_provider: placementType.startsWith('placed-with-parents') ? 'PR0' : 'PR1',
          clap_person_id: this.caseId,
        });
        this.episode(day, 'P');
        if (placementType === 'placed-for-adoption') {
          this.add('ssd_permanence', {
            perm_table_id: this.id('PERM'),
            perm_person_id: this.caseId,
            perm_cla_id: this.period?.claId ?? '',
            perm_placed_for_adoption_date: day,
          });
        }
        break;
      }
      case 'placement.ended':
        if (this.placement) this.placement.clap_cla_placement_end_date = day;
        this.placement = null;
        break;
      case 'care_period.ended':
        if (!this.period) break;
        this.period.episode.clae_cla_episode_ceased_date = day;
        this.period.episode.clae_cla_episode_ceased_reason = CARE_END_CODES[event.data.reason ?? 'other'];
        this.period.legal.lega_legal_status_end_date = day;
        if (this.placement) this.placement.clap_cla_placement_end_date ||= day;
        this.placement = null;
        this.period = null;
        break;
      case 'cic_review.held':
        if (this.period) {
          this.add('ssd_cla_reviews', {
            clar_cla_review_id: this.id('REV'),
            clar_cla_id: this.period.claId,
            clar_cla_review_date: day,
            clar_cla_review_cancelled: 'N',
          });
        }
        break;
      default:
        break;
    }
  }

  /** Adds one event's rows (events in date order). */
  take(event: CaseEvent) {
    const day = dayOf(event);
    switch (event.type) {
      case 'child.updated':
        if (event.data.dateOfBirth !== undefined) this.dob = event.data.dateOfBirth;
        if (event.data.expectedDateOfBirth !== undefined) this.expectedDob = event.data.expectedDateOfBirth;
        if (event.data.disabled !== undefined) this.disabled = event.data.disabled;
        break;
      case 'referral.received':
        this.referral ??= this.add('ssd_cin_episodes', {
          cine_referral_id: this.id('REF'),
          cine_person_id: this.caseId,
          cine_referral_date: day,
          cine_referral_nfa: 'N',
        });
        break;
      case 'case.closed':
        if (this.referral) this.referral.cine_close_date = day;
        this.referral = null;
        break;
      case 'assessment.started':
        if (event.data.assessmentType === undefined || event.data.assessmentType === 'child-and-family') {
          this.assessments.push(
            this.add('ssd_cin_assessments', {
              cina_assessment_id: this.id('ASS'),
              cina_person_id: this.caseId,
              cina_referral_id: this.referral?.cine_referral_id ?? '',
              cina_assessment_start_date: day,
            }),
          );
        }
        break;
      case 'assessment.authorised': {
        const assessment = event.data.assessmentType === 'early-help' ? undefined : this.assessments.shift();
        if (assessment) assessment.cina_assessment_auth_date = day;
        break;
      }
      case 'strategy_discussion.held':
        if (event.data.s47Initiated) this.strategy = day;
        break;
      case 's47.started':
        this.s47 = this.add('ssd_s47_enquiry', {
          s47e_s47_enquiry_id: this.id('S47'),
          s47e_referral_id: this.referral?.cine_referral_id ?? '',
          s47e_person_id: this.caseId,
          // The SSD dates an enquiry from the strategy discussion that started it.
          s47e_s47_start_date: this.strategy ?? day,
        });
        this.strategy = null;
        break;
      case 's47.completed':
        if (!this.s47) break;
        this.s47.s47e_s47_end_date = day;
        this.s47.s47e_s47_nfa = y(event.data.outcome === 'no-further-action');
        this.s47.s47e_s47_outcome_json = JSON.stringify({
          NFA_FLAG: y(event.data.outcome === 'no-further-action'),
          CP_CONFERENCE_FLAG: y(event.data.outcome === 'conference'),
          PROV_OF_SERVICES_FLAG: y(event.data.outcome === 'child-in-need'),
        });
        break;
      case 'conference.held':
        if (event.data.conferenceType === 'initial') {
          this.add('ssd_initial_cp_conference', {
            icpc_icpc_id: this.id('ICPC'),
            icpc_s47_enquiry_id: this.s47?.s47e_s47_enquiry_id ?? '',
            icpc_person_id: this.caseId,
            icpc_referral_id: this.referral?.cine_referral_id ?? '',
            icpc_icpc_transfer_in: 'N',
            icpc_icpc_date: day,
            icpc_icpc_outcome_cp_flag: y(event.data.outcome === 'plan'),
          });
        } else {
          this.add('ssd_cp_reviews', {
            cppr_cp_review_id: this.id('RCPC'),
            cppr_person_id: this.caseId,
            cppr_cp_plan_id: this.cpPlan?.cppl_cp_plan_id ?? '',
            cppr_cp_review_date: day,
            cppr_cp_review_outcome_continue_cp: y(event.data.outcome === 'continue'),
          });
        }
        break;
      case 'cp_plan.started':
        this.cpPlan = this.add('ssd_cp_plans', {
          cppl_cp_plan_id: this.id('CPP'),
          cppl_referral_id: this.referral?.cine_referral_id ?? '',
          cppl_person_id: this.caseId,
          cppl_cp_plan_start_date: day,
        });
        break;
      case 'cp_plan.ended':
        if (this.cpPlan) this.cpPlan.cppl_cp_plan_end_date = day;
        this.cpPlan = null;
        break;
      case 'cin_plan.started':
        this.cinPlan = this.add('ssd_cin_plans', {
          cinp_cin_plan_id: this.id('CINP'),
          cinp_referral_id: this.referral?.cine_referral_id ?? '',
          cinp_person_id: this.caseId,
          cinp_cin_plan_start_date: day,
        });
        break;
      case 'cin_plan.ended':
        if (this.cinPlan) this.cinPlan.cinp_cin_plan_end_date = day;
        this.cinPlan = null;
        break;
      case 'visit.completed':
        this.visit(event);
        break;
      case 'care_period.started':
      case 'care_period.ended':
      case 'placement.started':
      case 'placement.ended':
      case 'cic_review.held':
        this.care(event);
        break;
      case 'health_assessment.completed':
        if (event.data.kind === 'strengths-and-difficulties') {
          this.add('ssd_sdq_scores', {
            csdq_table_id: this.id('SDQ'),
            csdq_person_id: this.caseId,
            csdq_sdq_completed_date: day,
            csdq_sdq_reason: 'SDQ1',
            csdq_sdq_score: String(Number(day.slice(8)) + 4),
          });
        } else {
          this.add('ssd_cla_health', {
            clah_health_check_id: this.id('HC'),
            clah_person_id: this.caseId,
            clah_health_check_type:
              event.data.kind === 'initial' ? 'Initial Health Assessment' : 'Review Health Assessment',
            clah_health_check_date: day,
            clah_health_check_status: 'Completed',
          });
        }
        break;
      case 'missing_episode.started':
        this.missing = this.add('ssd_missing', {
          miss_table_id: this.id('MISS'),
          miss_person_id: this.caseId,
          miss_missing_episode_start_date: day,
          miss_missing_episode_type: 'Missing',
        });
        break;
      case 'missing_episode.ended':
        if (this.missing) this.missing.miss_missing_episode_end_date = day;
        this.missing = null;
        break;
      case 'record.updated':
        if (event.data.record === 'pathway-plan') this.latestPathwayPlan = day;
        break;
      case 'decision.recorded':
        if (event.data.decision === 'initiate-pre-proceedings') {
          this.preProceedings = this.add('ssd_pre_proceedings', {
            prep_table_id: this.id('PREP'),
            prep_person_id: this.caseId,
            prep_pre_pro_decision_date: day,
            prep_pre_pro_meetings_num: '0',
          });
        }
        break;
      case 'pre_proceedings.letter_sent':
        if (this.preProceedings) this.preProceedings.prep_pre_pro_letter_date = day;
        break;
      case 'pre_proceedings.meeting_held':
        if (!this.preProceedings) break;
        // The SSD dates the initial meeting and counts the rest.
        if (event.data.meeting === 'initial') this.preProceedings.prep_initial_pre_pro_meeting_date = day;
        this.preProceedings.prep_pre_pro_meetings_num = String(
          Number(this.preProceedings.prep_pre_pro_meetings_num) + 1,
        );
        break;
      case 'pre_proceedings.ended':
        if (!this.preProceedings) break;
        this.preProceedings.prep_agree_stepdown_issue_date = day;
        // The SSD offers only these two: another ending leaves the outcome blank.
        this.preProceedings.prep_pre_pro_outcome = PRE_PROCEEDINGS_OUTCOME_TEXT[event.data.outcome];
        this.preProceedings = null;
        break;
      case 'case.allocated':
        this.allocation = this.involve(
          this.allocation,
          event.data.workerId,
          ALLOCATED_ROLE,
          day,
          CHANGE_REASONS[event.data.reason],
        );
        break;
      case 'personal_adviser.allocated':
        this.adviser = this.involve(
          this.adviser,
          event.data.staffId,
          ADVISER_ROLE,
          day,
          this.adviser ? 'MANAGE' : 'FCONTA',
        );
        break;
      case 'early_help.started':
        this.earlyHelp = this.add('ssd_early_help_episodes', {
          earl_episode_id: this.id('EH'),
          earl_person_id: this.caseId,
          earl_episode_start_date: day,
        });
        break;
      case 'early_help.ended':
        if (this.earlyHelp) this.earlyHelp.earl_episode_end_date = day;
        this.earlyHelp = null;
        break;
      default:
        // What the SSD has no table for: oversight, supervision, core groups, reports, meetings…
        break;
    }
  }

  /** The rows known only once the case's events are all read: the person, their disability, the latest contact. */
  finish(number: number) {
    this.add('ssd_person', {
      pers_person_id: this.caseId,
      pers_forename: FIRST_NAMES[number % FIRST_NAMES.length] as string,
      pers_surname: LAST_NAMES[(number * 7) % LAST_NAMES.length] as string,
      pers_sex: number % 2 === 0 ? 'F' : 'M',
      pers_dob: this.dob,
      pers_expected_dob: this.expectedDob,
      pers_upn_unknown: 'UN1',
    });
    if (this.disabled) {
      this.add('ssd_disability', {
        disa_person_id: this.caseId,
        disa_table_id: this.id('DIS'),
        disa_disability_code: DISABILITY_CODES[number % DISABILITY_CODES.length] as string,
      });
    }
    if (this.latestContact !== '' || this.latestPathwayPlan !== '') {
      this.add('ssd_care_leavers', {
        clea_table_id: this.id('CL'),
        clea_person_id: this.caseId,
        clea_care_leaver_in_touch: 'YES',
        clea_care_leaver_latest_contact: this.latestContact,
        clea_pathway_plan_review_date: this.latestPathwayPlan,
      });
    }
  }
}

/** The rows of the case tables for these cases (each with its events in date order). */
function ssdCaseRows(cases: Iterable<SyntheticCase>, staff: readonly SyntheticStaff[]): SsdRows {
  const rows = emptySsdRows();
  const professionalOf = professionalIds(staff);
  const teamOf = new Map(staff.map((member) => [member.id, member.teamId]));
  for (const { caseId, events } of cases) {
    const caseRows = new CaseRows(caseId, rows, professionalOf, teamOf);
    // An event recorded in error is no longer in the case system, so not in its extract either.
    const retracted = new Set(
      events.flatMap((event) => (event.type === 'event.retracted' ? [event.data.eventId] : [])),
    );
    for (const event of events) if (!retracted.has(event.id)) caseRows.take(event);
    caseRows.finish(Number(caseId.replace(/\D/g, '')));
  }
  return rows;
}

/** A table's CSV: its header (when `header`), then its rows, each line ending CRLF. */
function ssdTableCsv(table: SsdExtractTable, rows: readonly SsdRow[], header = true): string {
  const columns = SSD_EXTRACT_TABLES[table];
  return csvText([
    ...(header ? [columns] : []),
    ...rows.map((row) => columns.map((column) => row[column] ?? '')),
  ]);
}

/** A whole synthetic council's extract in memory, as the files `los import ssd` reads (for tests). */
export function ssdExtractFiles(council: SyntheticCouncil, seed: number): SourceFile[] {
  const byCase = new Map<string, CaseEvent[]>(council.caseIds.map((caseId) => [caseId, []]));
  for (const event of council.events) byCase.get(event.caseId)?.push(event);
  const cases = council.caseIds.map((caseId) => ({ caseId, events: byCase.get(caseId) ?? [] }));
  const staff = ssdStaffRows(council, seed);
  const rows = ssdCaseRows(cases, council.staff);
  return (Object.keys(SSD_EXTRACT_TABLES) as SsdExtractTable[]).map((table) => ({
    name: `${table}.csv`,
    text: ssdTableCsv(table, [...staff[table], ...rows[table]]),
  }));
}

/** What writing an extract came to: each table's rows. */
export type SsdExtractCounts = Record<SsdExtractTable, number>;

/**
 * Writes a synthetic council's extract into `dir` (made if need be), one file per table, `slice` cases
 * at a time: the council's cases are generated a slice at a time too, so memory stays flat however
 * many cases there are. Each slice's rows are appended as they are made; `progress` is told after each.
 * With `firstCases`, only the council's first cases are written (the same rows as in its whole extract).
 */
export function writeSsdExtract(
  dir: string,
  options: SyntheticCouncilOptions & {
    slice?: number;
    firstCases?: number;
    progress?: (done: number, total: number) => void;
  },
): SsdExtractCounts {
  const { slice = 1000, progress } = options;
  const total = Math.min(options.firstCases ?? options.cases, options.cases);
  const plan = planCouncil(options);
  mkdirSync(dir, { recursive: true });
  const tables = Object.keys(SSD_EXTRACT_TABLES) as SsdExtractTable[];
  const counts = Object.fromEntries(tables.map((table) => [table, 0])) as SsdExtractCounts;
  const append = (rows: SsdRows) => {
    for (const table of tables) {
      if (rows[table].length === 0) continue;
      appendFileSync(join(dir, `${table}.csv`), ssdTableCsv(table, rows[table], false));
      counts[table] += rows[table].length;
    }
  };
  for (const table of tables) writeFileSync(join(dir, `${table}.csv`), ssdTableCsv(table, []));
  append(ssdStaffRows(plan, options.seed));
  for (let from = 0; from < total; from += slice) {
    append(ssdCaseRows(plan.cases(from, Math.min(from + slice, total)), plan.staff));
    progress?.(Math.min(from + slice, total), total);
  }
  return counts;
}
