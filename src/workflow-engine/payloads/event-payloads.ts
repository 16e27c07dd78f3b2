import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { IsIsoDate } from '../../common/validation/decorators.js';

// Payload schemas of the procedure's events, named in the workflow files (`events.X.payload`).
// Every event records the date of the act it reports (occurredOn); the engine checks it against
// today and the case's previous act.

function NotGreaterThan(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'notGreaterThan',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: `$property must not be greater than ${other}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const limit = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof limit !== 'number' || value <= limit;
        },
      },
    });
}

/** yes + no + abstain cannot exceed those present. */
function VotesWithinPresent(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'votesWithinPresent',
      target: target.constructor,
      propertyName,
      options: { message: 'yes + no + abstain must not exceed present', ...options },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => {
          const { yes, no, abstain, present } = args.object as Record<string, unknown>;
          return [yes, no, abstain, present].some((n) => typeof n !== 'number') || (yes as number) + (no as number) + (abstain as number) <= (present as number);
        },
      },
    });
}

function DateAfter(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'dateAfter',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: `$property must be later than ${other}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const before = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'string' || typeof before !== 'string' || value > before;
        },
      },
    });
}

const text = (max: number) => [IsString(), MinLength(1), MaxLength(max)];
// Applied last to first, as stacked decorators are: violations report the first rule written (a missing
// text is "must be a string", not "too long").
function Text(max = 2000): PropertyDecorator {
  return (target, key) => text(max).reverse().forEach((d) => d(target, key));
}

/** A list of 1–50 short texts (subjects, agenda items, missing materials). */
function TextList(): PropertyDecorator {
  const rules = [IsArray(), ArrayMinSize(1), ArrayMaxSize(50), IsString({ each: true }), MinLength(1, { each: true }), MaxLength(200, { each: true })];
  return (target, key) => rules.reverse().forEach((d) => d(target, key));
}

export class BaseEvent {
  /** The date of the act this event reports (e.g. the day the written offer was received). */
  @IsIsoDate()
  occurredOn: string;

  @IsOptional()
  @Text(2000)
  note?: string;
}

/** Sent by the deadline scheduler only. */
export class SystemEvent extends BaseEvent {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  deadlineKey?: string;
}

export class WithReason extends BaseEvent {
  @Text(2000)
  reason: string;
}

export class OfferIssued extends BaseEvent {
  /** 协商议题: the matters proposed for bargaining. */
  @TextList()
  subjects: string[];

  @IsOptional()
  @IsIsoDate()
  proposedMeetingOn?: string;

  @IsOptional()
  @Text(200)
  proposedPlace?: string;

  @IsOptional()
  @Text(64)
  letterNo?: string;
}

export class ResponseAgreed extends BaseEvent {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  additionalSubjects?: string[];
}

export const REPRESENTATIVE_POSITIONS = ['union_chair', 'legal_representative', 'other'] as const;

export class Representative {
  @Text(64)
  name: string;

  /** Identifies the person across both sides (an employee number or an ID digest): nobody sits on both (Art 24). */
  @Text(64)
  personId: string;

  @IsBoolean()
  chief: boolean;

  /** External expert (外聘专家), by written delegation (Art 23). */
  @IsBoolean()
  external: boolean;

  /** Holds a written delegation (书面委托). */
  @IsBoolean()
  delegated: boolean;

  @IsIn(REPRESENTATIVE_POSITIONS)
  position: (typeof REPRESENTATIVE_POSITIONS)[number];

  /** The account a chief confirms minutes and agreements from (an active user of that side's organisation). */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsIsoDate()
  appointedOn?: string;

  /** End of the term of office set by the side that appoints (Art 26); an employee representative is protected until then (Art 28). */
  @IsOptional()
  @IsIsoDate()
  termEndsOn?: string;

  /** Reference of the written delegation (委托书编号), for delegates and experts. */
  @IsOptional()
  @Text(64)
  delegationRef?: string;
}

/** The actor's side is taken from the actor's role, never from the payload. */
export class RepresentativesAppointed extends BaseEvent {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => Representative)
  members: Representative[];
}

export const DEPARTURE_REASONS = ['resigned', 'replaced', 'contract_ended', 'dismissed', 'transferred', 'force_majeure', 'other'] as const;
/** The grounds on which an employee representative's labour contract may be ended during the term (CCP Art 28). */
export const ART28_GROUNDS = ['serious_discipline_breach', 'serious_dereliction', 'criminal_liability'] as const;

/** A representative leaves the actor's side: the seat is vacant until filled (Art 31). */
export class RepresentativeLeft extends BaseEvent {
  @Text(64)
  personId: string;

  @IsIn(DEPARTURE_REASONS)
  reason: (typeof DEPARTURE_REASONS)[number];

  @IsOptional()
  @IsIn(ART28_GROUNDS)
  ground?: (typeof ART28_GROUNDS)[number];
}

export class Recorder {
  @Text(64)
  name: string;

  @Text(64)
  personId: string;
}

export class TalksScheduled extends BaseEvent {
  @IsIsoDate()
  firstMeetingOn: string;

  @Text(200)
  place: string;

  @TextList()
  agenda: string[];

  /** Jointly named, not a representative (Art 33). */
  @ValidateNested()
  @Type(() => Recorder)
  recorder: Recorder;
}

export class SessionHeld extends BaseEvent {
  @IsInt()
  @Min(1)
  @Max(1000)
  sessionNo: number;

  /** The minutes count only when both chief representatives sign them (Art 34). */
  @Equals(true)
  minutesSignedByBothChiefs: boolean;

  @IsOptional()
  @Text(5000)
  summary?: string;

  /** The day the session met; occurredOn is the day the minutes were signed (the second chief's confirmation). */
  @IsOptional()
  @IsIsoDate()
  heldOn?: string;
}

export class Suspended extends BaseEvent {
  @IsIsoDate()
  @DateAfter('occurredOn')
  resumeOn: string;

  @Text(2000)
  reason: string;
}

export class DisputeRaised extends BaseEvent {
  /** The written application (书面申请, Art 49). */
  @Text(5000)
  application: string;
}

export class CoordinationConcluded extends BaseEvent {
  @IsOptional()
  @Text(64)
  agreementNo?: string;

  @Text(5000)
  summary: string;
}

export class CoordinationExtended extends BaseEvent {
  @IsInt()
  @Min(1)
  @Max(366)
  days: number;

  @Text(2000)
  reason: string;
}

export class DraftAgreed extends BaseEvent {
  @Equals(true)
  signedByBothChiefs: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  draftVersion?: number;
}

/** The congress's own reasons for rejecting a draft, recorded for the next round (Art 36). */
function Objections(): PropertyDecorator {
  const rules = [IsOptional(), IsArray(), ArrayMaxSize(50), IsString({ each: true }), MinLength(1, { each: true }), MaxLength(500, { each: true })];
  return (target, key) => rules.reverse().forEach((d) => d(target, key));
}

export class CongressVoted extends BaseEvent {
  @IsIn(['congress', 'all_employees'])
  body: 'congress' | 'all_employees';

  @IsInt()
  @Min(1)
  @Max(10_000_000)
  roster: number;

  @IsInt()
  @Min(0)
  @NotGreaterThan('roster')
  present: number;

  @IsInt()
  @Min(0)
  @NotGreaterThan('present')
  yes: number;

  @IsInt()
  @Min(0)
  @NotGreaterThan('present')
  no: number;

  @IsInt()
  @Min(0)
  @NotGreaterThan('present')
  @VotesWithinPresent()
  abstain: number;

  @Objections()
  objections?: string[];
}

export class Signed extends BaseEvent {
  @Text(64)
  employeeChief: string;

  @Text(64)
  employerChief: string;

  @IsIsoDate()
  termStart: string;

  @IsIsoDate()
  @DateAfter('termStart')
  termEnd: string;

  /** The draft version signed; the engine fills in the latest when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  draftVersion?: number;
}

export class FilingMaterials {
  /** Copies of the contract text (three, Art 42). */
  @IsInt()
  @Min(0)
  @Max(100)
  contractCopies: number;

  @IsBoolean()
  bargainingNarrative: boolean;

  @IsBoolean()
  congressResolution: boolean;

  @IsBoolean()
  representativesList: boolean;

  @IsBoolean()
  minutesSigned: boolean;

  /** Wage, occupational-hazard or women-worker data, for special contracts. */
  @IsOptional()
  @IsBoolean()
  specialData?: boolean;
}

export class Filed extends BaseEvent {
  @ValidateNested()
  @Type(() => FilingMaterials)
  materials: FilingMaterials;

  /** Required when filing after the 10-day period. */
  @IsOptional()
  @Text(2000)
  delayExplanation?: string;
}

export class MaterialsRequested extends BaseEvent {
  @TextList()
  missing: string[];
}

export class Finding {
  /** The article concerned, e.g. "第十二条". */
  @Text(64)
  article: string;

  @Text(2000)
  issue: string;
}

export class ObjectionIssued extends BaseEvent {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => Finding)
  findings: Finding[];
}

export class Published extends BaseEvent {
  @Text(200)
  method: string;
}

export class Terminated extends WithReason {
  @Text(200)
  legalBasis: string;
}

export const PAYLOAD_SCHEMAS: Record<string, new () => BaseEvent> = {
  BaseEvent,
  SystemEvent,
  WithReason,
  OfferIssued,
  ResponseAgreed,
  RepresentativesAppointed,
  RepresentativeLeft,
  TalksScheduled,
  SessionHeld,
  Suspended,
  DisputeRaised,
  CoordinationConcluded,
  CoordinationExtended,
  DraftAgreed,
  CongressVoted,
  Signed,
  Filed,
  MaterialsRequested,
  ObjectionIssued,
  Published,
  Terminated,
};
