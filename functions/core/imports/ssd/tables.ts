/**
 * The SSD tables the import reads, and of each the columns it reads (by the SSD's own names): its id,
 * the columns it cannot do without, and those it reads when present. Every other column, names among
 * them (`pers_forename`, `pers_surname`), is never read.
 */
import type { TableSpec } from '../csv-tables.ts';

/** A table's columns: its id, the columns it cannot do without, and those it reads when present. */
const spec = (id: string, required: string[], optional: string[] = []) => ({ id, required, optional });

const COLUMNS = {
  ssd_person: spec('pers_person_id', [], ['pers_dob', 'pers_expected_dob']),
  ssd_disability: spec('disa_table_id', ['disa_person_id', 'disa_disability_code']),
  ssd_department: spec('dept_team_id', ['dept_team_name'], ['dept_team_parent_id']),
  ssd_professionals: spec('prof_professional_id', [], ['prof_staff_id', 'prof_professional_department']),
  ssd_involvements: spec(
    'invo_involvements_id',
    ['invo_person_id', 'invo_professional_id', 'invo_involvement_start_date'],
    ['invo_professional_team', 'invo_professional_role_id', 'invo_worker_change_reason'],
  ),
  ssd_early_help_episodes: spec(
    'earl_episode_id',
    ['earl_person_id', 'earl_episode_start_date'],
    ['earl_episode_end_date'],
  ),
  ssd_cin_episodes: spec('cine_referral_id', ['cine_person_id', 'cine_referral_date'], ['cine_close_date']),
  ssd_cin_assessments: spec(
    'cina_assessment_id',
    ['cina_person_id', 'cina_assessment_start_date'],
    ['cina_assessment_auth_date'],
  ),
  ssd_s47_enquiry: spec(
    's47e_s47_enquiry_id',
    ['s47e_person_id', 's47e_s47_start_date'],
    ['s47e_s47_end_date', 's47e_s47_nfa', 's47e_s47_outcome_json'],
  ),
  ssd_initial_cp_conference: spec('icpc_icpc_id', [
    'icpc_person_id',
    'icpc_icpc_date',
    'icpc_icpc_outcome_cp_flag',
  ]),
  ssd_cp_plans: spec(
    'cppl_cp_plan_id',
    ['cppl_person_id', 'cppl_cp_plan_start_date'],
    ['cppl_cp_plan_end_date'],
  ),
  ssd_cp_visits: spec(
    'cppv_cp_visit_id',
    ['cppv_person_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen'],
    ['cppv_cp_visit_seen_alone', 'cppv_cp_visit_bedroom'],
  ),
  ssd_cp_reviews: spec('cppr_cp_review_id', [
    'cppr_person_id',
    'cppr_cp_review_date',
    'cppr_cp_review_outcome_continue_cp',
  ]),
  ssd_cin_plans: spec(
    'cinp_cin_plan_id',
    ['cinp_person_id', 'cinp_cin_plan_start_date'],
    ['cinp_cin_plan_end_date'],
  ),
  ssd_cin_visits: spec(
    'cinv_cin_visit_id',
    ['cinv_person_id', 'cinv_cin_visit_date', 'cinv_cin_visit_seen'],
    ['cinv_cin_visit_seen_alone', 'cinv_cin_visit_bedroom'],
  ),
  ssd_cla_episodes: spec(
    'clae_cla_episode_id',
    ['clae_person_id', 'clae_cla_episode_start_date'],
    ['clae_cla_episode_ceased_date', 'clae_cla_episode_ceased_reason', 'clae_cla_id'],
  ),
  ssd_legal_status: spec('lega_legal_status_id', [
    'lega_person_id',
    'lega_legal_status',
    'lega_legal_status_start_date',
  ]),
  ssd_cla_placement: spec(
    'clap_cla_placement_id',
    ['clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_type'],
    ['clap_cla_placement_end_date'],
  ),
  ssd_cla_reviews: spec(
    'clar_cla_review_id',
    ['clar_cla_id', 'clar_cla_review_date'],
    ['clar_cla_review_cancelled'],
  ),
  ssd_cla_visits: spec(
    'clav_cla_visit_id',
    ['clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
    ['clav_cla_visit_seen_alone'],
  ),
  ssd_cla_health: spec(
    'clah_health_check_id',
    ['clah_person_id', 'clah_health_check_type', 'clah_health_check_date'],
    ['clah_health_check_status'],
  ),
  ssd_sdq_scores: spec('csdq_table_id', ['csdq_person_id', 'csdq_sdq_completed_date']),
  ssd_missing: spec(
    'miss_table_id',
    ['miss_person_id', 'miss_missing_episode_start_date'],
    ['miss_missing_episode_end_date'],
  ),
  ssd_care_leavers: spec(
    'clea_table_id',
    ['clea_person_id', 'clea_care_leaver_latest_contact'],
    ['clea_pathway_plan_review_date'],
  ),
  ssd_pre_proceedings: spec(
    'prep_table_id',
    ['prep_person_id', 'prep_pre_pro_decision_date'],
    [
      'prep_pre_pro_letter_date',
      'prep_initial_pre_pro_meeting_date',
      'prep_pre_pro_outcome',
      'prep_agree_stepdown_issue_date',
    ],
  ),
  ssd_permanence: spec('perm_table_id', ['perm_person_id'], ['perm_placed_for_adoption_date']),
} satisfies Record<string, Omit<TableSpec, 'name'>>;

/** The name of an SSD table the import reads. */
export type SsdTable = keyof typeof COLUMNS;

/** Every SSD table the import reads, by name: its spec, named after it. */
export const SSD_TABLES = Object.fromEntries(
  Object.entries(COLUMNS).map(([name, columns]): [string, TableSpec] => [name, { name, ...columns }]),
) as { readonly [Table in SsdTable]: TableSpec };
