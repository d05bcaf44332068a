/**
 * The one table of the DfE's codes — the SSDA903's legal statuses, placement types and reasons an
 * episode began or ceased, and the CIN census's lists — in the contract's words. Imports read every code
 * through it, and the contract accepts the codes of the lists it names a field for (see
 * `dfe-coded-field.ts`), so a code means the same however it arrives. docs/imports.md shows the table
 * (generated from it by `npm run docs`).
 *
 * Some codes say less than the contract needs: a foster placement with a relative or friend (`U1`–`U3`)
 * does not say whether the carer is approved or only temporarily approved (Regulation 24), a placement
 * with parents (`P1`) whether it was made before their assessment was complete (Regulation 19). Such a
 * code is never read the laxer way by default: its meaning is the stricter reading, the one whose rules
 * fall due sooner, and it is marked ambiguous, with the laxer reading and why, so that an import can
 * take the fact from another column or list the code for the council to resolve.
 */
import type { CareEndReason, LegalStatus, PlacementType } from './vocabularies.ts';

/**
 * What a new SSDA903 episode changed: the child `started` to be looked after (a period of care begins,
 * with its legal status and placement), or, within a period of care, the `legal-status`, the
 * `placement` (with new carers or the same), or both.
 */
export type EpisodeChange = 'started' | 'legal-status' | 'placement' | 'legal-status-and-placement';

/**
 * What a code of each list means. The CIN census lists that no contract field holds mean nothing
 * (`never`): their codes are only checked against the list.
 */
interface CodeLists {
  'legal-status': LegalStatus;
  'placement-type': PlacementType;
  'reason-episode-ceased': CareEndReason;
  'reason-new-episode': EpisodeChange;
  disability: true;
  'referral-source': never;
  'primary-need': never;
  'reason-for-closure': never;
  'category-of-abuse': never;
}

/** The name of one list of the table, such as `placement-type`. */
export type DfeCodeList = keyof CodeLists;

/** What a code of `List` means in the contract. */
export type DfeMeaning<List extends DfeCodeList> = CodeLists[List];

/** What one code means, as the table says. */
export interface DfeCodeReading<Meaning> {
  /** The DfE's meaning, shortened. */
  label: string;
  /**
   * Its value in the contract; `null` for a code on the list that makes no event or holds no contract
   * value (`X1`: the period of care goes on in the next episode; `NONE`: no disability; the CIN census
   * lists only checked). For an ambiguous code, the stricter reading.
   */
  meaning: Meaning | null;
  /** Set when the code cannot tell the stricter reading from a laxer one. */
  ambiguous?: {
    /** The reading the code may equally mean, whose rules fall due later. */
    laxer: Meaning;
    /** Why the code cannot tell, as a clause: "a foster placement … does not say whether …". */
    why: string;
  };
}

/** One list: how it is named, where councils' data holds it, and its codes. */
export interface DfeCodeListDefinition<Meaning> {
  /** As problems and docs name it: "the SSDA903 placement types (PLACE)". */
  title: string;
  /** The returns' and the SSD's columns that hold it. */
  heldIn: string;
  /** The contract field that accepts its codes as well as its own values, if one does. */
  contractField?: string;
  codes: Readonly<Record<string, DfeCodeReading<Meaning>>>;
}

const is = <Meaning>(meaning: Meaning, label: string): DfeCodeReading<Meaning> => ({ label, meaning });
/** A code on the list that makes no event or holds no contract value. */
const onList = (label: string): DfeCodeReading<never> => ({ label, meaning: null });

const REG_24 =
  'a foster placement with a relative or friend does not say whether the carer is approved or only temporarily approved (Regulation 24), whose child is visited weekly until the first review and 4-weekly after it, and whose placement an Assistant Director oversees';

/** A connected person's foster placement: read as a Regulation 24 temporary approval, the stricter. */
const connectedFoster = (label: string): DfeCodeReading<PlacementType> => ({
  label,
  meaning: 'temporary-connected-carer',
  ambiguous: { laxer: 'connected-carer', why: REG_24 },
});

const TABLE: { readonly [List in DfeCodeList]: DfeCodeListDefinition<CodeLists[List]> } = {
  'legal-status': {
    title: 'the SSDA903 legal statuses (LS)',
    heldIn: 'SSDA903 Episodes `LS`; SSD `ssd_legal_status.lega_legal_status`',
    contractField: '`care_period.started` `data.legalStatus`',
    codes: {
      C1: is('interim-care-order', 'Interim care order'),
      C2: is('care-order', 'Full care order'),
      D1: is('placement-order', 'Freeing order granted'),
      E1: is('placement-order', 'Placement order granted'),
      J1: is('remand', 'Remanded to local authority or youth detention accommodation'),
      J2: is('remand', 'In local authority accommodation under the Police and Criminal Evidence Act 1984'),
      J3: is('remand', 'Youth rehabilitation order with a residence or intensive fostering requirement'),
      L1: is('police-protection', 'Under police protection, in local authority accommodation'),
      L2: is('emergency-protection-order', 'Emergency protection order'),
      L3: {
        label: 'Under a child assessment order, in local authority accommodation',
        meaning: 'emergency-protection-order',
        ambiguous: {
          laxer: 'section-20',
          why: 'the contract has no child assessment order (Children Act 1989 s43): read as the other short court order that keeps a child away from home, an emergency protection order, it brings a permanency planning meeting due within 2 weeks, which a section 20 reading would not',
        },
      },
      V2: is('section-20', 'Single period of accommodation under section 20'),
      V3: is('short-breaks', 'Agreed series of short breaks, each episode recorded'),
      V4: is('short-breaks', 'Agreed series of short breaks, the agreements recorded'),
    },
  },
  'placement-type': {
    title: 'the SSDA903 placement types (PLACE)',
    heldIn: 'SSDA903 Episodes `PLACE`; SSD `ssd_cla_placement.clap_cla_placement_type`',
    contractField: '`placement.started` `data.placementType`',
    codes: {
      A3: is('placed-for-adoption', 'Placed for adoption with consent, with the current foster carers'),
      A4: is('placed-for-adoption', 'Placed for adoption with consent, not with the current foster carers'),
      A5: is(
        'placed-for-adoption',
        'Placed for adoption under a placement order, with the current foster carers',
      ),
      A6: is(
        'placed-for-adoption',
        'Placed for adoption under a placement order, not with the current foster carers',
      ),
      H5: is('semi-independent', 'Semi-independent or supported accommodation, not a children’s home'),
      K1: is('secure', 'Secure children’s home'),
      K2: is('residential', 'Children’s home'),
      P1: {
        label: 'Placed with parents or others with parental responsibility',
        meaning: 'placed-with-parents-before-assessment',
        ambiguous: {
          laxer: 'placed-with-parents',
          why: 'a placement with parents does not say whether it was made before their assessment was complete (Regulation 19, which applies only to a child in care under a care order or interim care order), whose child is visited weekly until the first review',
        },
      },
      P2: is('semi-independent', 'Independent living: a flat, lodgings, bedsit, B&B or with friends'),
      P3: is('other', 'Residential employment'),
      R1: is('residential', 'Residential care home'),
      R2: is('other', 'NHS or other establishment giving medical or nursing care'),
      R3: is('other', 'Family centre or mother and baby unit'),
      R5: is('secure', 'Young offender institution or prison'),
      S1: is('residential-school', 'Residential school, not dual-registered as a children’s home'),
      T0: is('other', 'Temporary move of any kind'),
      T1: is('other', 'Temporary period in hospital'),
      T2: is('other', 'Temporary absence on holiday'),
      T3: is('other', 'Temporary accommodation while the usual foster carers are on holiday'),
      T4: is('other', 'Temporary accommodation of 7 days or less for any other reason'),
      U1: connectedFoster('Foster placement with relatives or friends: long-term fostering'),
      U2: connectedFoster(
        'Foster placement with relatives or friends who are also approved adopters: fostering for adoption or concurrent planning',
      ),
      U3: connectedFoster(
        'Foster placement with relatives or friends: neither long-term nor fostering for adoption',
      ),
      U4: is('foster-care', 'Foster placement with other foster carers: long-term fostering'),
      U5: is(
        'foster-care',
        'Foster placement with other foster carers who are also approved adopters: fostering for adoption or concurrent planning',
      ),
      U6: is(
        'foster-care',
        'Foster placement with other foster carers: neither long-term nor fostering for adoption',
      ),
      Z1: is('other', 'Other placement (listed to the DfE)'),
      Q1: connectedFoster('Foster placement with relatives or friends (the code before U1–U3)'),
      Q2: is('foster-care', 'Foster placement with other foster carers (the code before U4–U6)'),
    },
  },
  'reason-episode-ceased': {
    title: 'the SSDA903 reasons an episode ceased (REC)',
    heldIn: 'SSDA903 Episodes `REC`; SSD `ssd_cla_episodes.clae_cla_episode_ceased_reason`',
    contractField: '`care_period.ended` `data.reason`',
    codes: {
      X1: onList('Episode ceased and a new one began the same day: the period of care goes on'),
      E11: is('adopted', 'Adopted: the application unopposed'),
      E12: is('adopted', 'Adopted: consent dispensed with by the court'),
      E13: is('other', 'Left care to live with parents, relatives or others without parental responsibility'),
      E14: is('other', 'Accommodation on remand ended'),
      E15: is('other', 'An age assessment found the young person to be 18 or over'),
      E16: is('other', 'Moved abroad'),
      E17: is('turned-18', 'Aged 18 or over and stayed with the current carers (staying put)'),
      E2: is('other', 'Died'),
      E3: is('other', 'Care taken over by another local authority'),
      E41: is('other', 'Residence order or child arrangements order granted'),
      E43: is(
        'special-guardianship',
        'Special guardianship order to former foster carers (the code before E45, E46)',
      ),
      E44: is(
        'special-guardianship',
        'Special guardianship order to carers other than former foster carers (the code before E47, E48)',
      ),
      E45: is(
        'special-guardianship',
        'Special guardianship order to former foster carers who are relatives or friends',
      ),
      E46: is(
        'special-guardianship',
        'Special guardianship order to former foster carers, not relatives or friends',
      ),
      E47: is(
        'special-guardianship',
        'Special guardianship order to other carers who are relatives or friends',
      ),
      E48: is('special-guardianship', 'Special guardianship order to other carers, not relatives or friends'),
      E4A: is(
        'returned-home',
        'Returned home to parents or others with parental responsibility, as the care plan intended',
      ),
      E4B: is(
        'returned-home',
        'Returned home to parents or others with parental responsibility, not as the care plan intended',
      ),
      E5: is('other', 'Moved to independent living with formal advice or support'),
      E6: is('other', 'Moved to independent living without formal advice or support'),
      E7: is('other', 'Transferred to residential care funded by adult social care'),
      E8: is('other', 'Ceased for any other reason'),
      E9: is('other', 'Sentenced to custody'),
    },
  },
  'reason-new-episode': {
    title: 'the SSDA903 reasons for a new episode (RNE)',
    heldIn: 'SSDA903 Episodes `RNE`',
    codes: {
      S: is('started', 'Started to be looked after'),
      L: is('legal-status', 'Change of legal status only'),
      P: is('placement', 'Change of placement and carers only'),
      T: is('placement', 'Change of placement, the same carers, only'),
      B: is('legal-status-and-placement', 'Change of legal status, placement and carers at once'),
      U: is('legal-status-and-placement', 'Change of legal status and placement, the same carers, at once'),
    },
  },
  disability: {
    title: 'the CIN census disability codes',
    heldIn: 'CIN census `Disabilities/Disability`; SSD `ssd_disability.disa_disability_code`',
    codes: {
      NONE: onList('No disability'),
      AUT: is(true, 'Autism or Asperger syndrome'),
      BEH: is(true, 'Behaviour'),
      COMM: is(true, 'Communication'),
      CON: is(true, 'Consciousness'),
      DDA: is(true, 'Another disability within the Disability Discrimination Act'),
      HAND: is(true, 'Hand function'),
      HEAR: is(true, 'Hearing'),
      INC: is(true, 'Incontinence'),
      LD: is(true, 'Learning'),
      MOB: is(true, 'Mobility'),
      PC: is(true, 'Personal care'),
      VIS: is(true, 'Vision'),
    },
  },
  'referral-source': {
    title: 'the CIN census referral sources',
    heldIn: 'CIN census `ReferralSource`; SSD `ssd_cin_episodes.cine_referral_source_code`',
    codes: {
      '1A': onList('Individual: family member, relative or carer'),
      '1B': onList('Individual: acquaintance, such as a neighbour or childminder'),
      '1C': onList('Individual: self'),
      '1D': onList('Individual: other'),
      '2A': onList('Schools'),
      '2B': onList('Education services'),
      '3A': onList('Health services: GP'),
      '3B': onList('Health services: health visitor'),
      '3C': onList('Health services: school nurse'),
      '3D': onList('Health services: other primary health services'),
      '3E': onList('Health services: A&E'),
      '3F': onList('Health services: other'),
      '4': onList('Housing'),
      '5A': onList('Local authority services: social care, such as adult social care'),
      '5B': onList('Local authority services: other internal'),
      '5C': onList('Local authority services: external, such as another authority’s children’s social care'),
      '5D': onList('Local authority services: early help'),
      '6': onList('Police'),
      '7': onList('Other legal agency, such as courts, probation or the youth offending team'),
      '8': onList('Other'),
      '9': onList('Anonymous'),
      '10': onList('Unknown'),
    },
  },
  'primary-need': {
    title: 'the CIN census primary need codes',
    heldIn: 'CIN census `PrimaryNeedCode`; SSD `ssd_cin_episodes.cine_cin_primary_need_code`',
    codes: {
      N0: onList('Not stated'),
      N1: onList('Abuse or neglect'),
      N2: onList('Child’s disability'),
      N3: onList('Parental illness or disability'),
      N4: onList('Family in acute stress'),
      N5: onList('Family dysfunction'),
      N6: onList('Socially unacceptable behaviour'),
      N7: onList('Low income'),
      N8: onList('Absent parenting'),
      N9: onList('Cases other than children in need'),
    },
  },
  'reason-for-closure': {
    title: 'the CIN census reasons for closure',
    heldIn: 'CIN census `ReasonForClosure`; SSD `ssd_cin_episodes.cine_close_reason`',
    codes: {
      RC1: onList('Adopted'),
      RC2: onList('Died'),
      RC3: onList('Child arrangements order'),
      RC4: onList('Special guardianship order'),
      RC5: onList('Transferred to another local authority'),
      RC6: onList('Transferred to adult social care'),
      RC7: onList('Services ceased for any other reason, including the child no longer in need'),
      RC8: onList('Case closed after assessment: no further action'),
      RC9: onList('Case closed after assessment: referred to early help'),
    },
  },
  'category-of-abuse': {
    title: 'the CIN census categories of abuse',
    heldIn:
      'CIN census `InitialCategoryOfAbuse`, `LatestCategoryOfAbuse`; SSD `ssd_cp_plans.cppl_cp_plan_initial_category`, `cppl_cp_plan_latest_category`',
    codes: {
      NEG: onList('Neglect'),
      PHY: onList('Physical abuse'),
      SAB: onList('Sexual abuse'),
      EMO: onList('Emotional abuse'),
      MUL: onList('Multiple'),
    },
  },
};

/** Every list of the table, in the order docs/imports.md shows them. */
export const DFE_CODE_LISTS = Object.keys(TABLE) as DfeCodeList[];

/** One list of the table: its title, where it is held, the contract field taking it, and its codes. */
export function dfeCodeList<List extends DfeCodeList>(list: List): DfeCodeListDefinition<DfeMeaning<List>> {
  return TABLE[list] as DfeCodeListDefinition<DfeMeaning<List>>;
}

/**
 * What a code of `list` says, ambiguity and all, or undefined for a code not on the list. Codes are
 * matched as the DfE writes them (upper case): a reader of cells upper-cases first.
 */
export function dfeCodeReading<List extends DfeCodeList>(
  list: List,
  code: string,
): DfeCodeReading<DfeMeaning<List>> | undefined {
  const codes = dfeCodeList(list).codes;
  return Object.hasOwn(codes, code) ? codes[code] : undefined;
}

/**
 * What a code of `list` means in the contract: its value (the stricter reading of an ambiguous code),
 * `null` for a code on the list that makes no event, or undefined for a code not on the list.
 */
export function dfeCode<List extends DfeCodeList>(
  list: List,
  code: string,
): DfeMeaning<List> | null | undefined {
  return dfeCodeReading(list, code)?.meaning;
}

/**
 * Every contract value a code of `list` can be read as: each code's meaning, and the laxer reading of
 * an ambiguous one (which other facts may settle), in the table's order. What an import reading the
 * list can make, and nothing else.
 */
export function dfeMeanings<List extends DfeCodeList>(list: List): DfeMeaning<List>[] {
  const meanings = new Set<DfeMeaning<List>>();
  for (const { meaning, ambiguous } of Object.values(dfeCodeList(list).codes)) {
    if (meaning !== null) meanings.add(meaning);
    if (ambiguous !== undefined) meanings.add(ambiguous.laxer);
  }
  return [...meanings];
}
