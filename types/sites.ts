/**
 * Shapes read by inference, so that generic code type-checks. In
 *   function t<A extends readonly [number, number]>(x: Tensor<A>) { return einsum('ij->ji', x); }
 * the operand's shape is the type parameter `A`, and every conditional type that looks at it
 * (`A[0]`, `A['length']`, `A extends ...`) stays deferred: the analysis could not finish, and tsc
 * would refuse the argument against the unresolved parameter type. Inference does what conditional
 * types cannot: inferring from `A` to a tuple pattern `readonly [...S]` (not a naked type
 * parameter) reads A's constraint, so S is `[number, number]` — a shape the analysis can use, and
 * a true one: every instantiation of A is one of them. For a concrete shape S is the shape itself
 * (`[2, 3]`), and `readonly number[]` gives `number[]`.
 *
 * The signatures declare a type parameter `Shapes` that only a never-taken branch mentions, the
 * false branch of the analysis' `extends infer Result`:
 *   Analysis<...Shapes> extends infer Result ? ...the real parameters : OperandSites<Shapes>
 * tsc infers into both branches of a conditional parameter type; after inference the real
 * parameters are the ones checked, so error messages are unchanged. (A check on the operands'
 * own types would stay deferred for a generic one; a check on `Shapes` alone, as in
 * `[Shapes] extends [X]`, stops tsc inferring into its branches.)
 */
import type { NestedNumbers, Shape, ShapeOfNested } from '../src/tensor.js';

/** `Site` is unknown where nothing was inferred; the conditional keeps the spread well-formed and is transparent to inference. */
type Spread<Site> = Site extends readonly number[] ? Site : readonly number[];

/** One operand: a Tensor-like one has its shape read here (options and nested arrays infer nothing). */
export type ShapeSite<Site> = { readonly shape: readonly [...Spread<Site>] };

/** einsum's arguments. */
export type OperandSites<Shapes extends readonly unknown[]> = { [Index in keyof Shapes]: ShapeSite<Shapes[Index]> };

/** contractPath's and compile's arguments: a shape itself, or something with a `shape`. */
export type DescriptorSite<Site> = readonly [...Spread<Site>] | { readonly shape: readonly [...Spread<Site>] };
export type DescriptorSites<Shapes extends readonly unknown[]> = { [Index in keyof Shapes]: DescriptorSite<Shapes[Index]> };

/** What an argument is to the checks when it is no operand: the options object, or a wrong argument. */
export interface NotOperand {
  readonly __notOperand: true;
}

/**
 * Each argument's shape when it is an operand, else NotOperand: from its inferred site, or (einsum
 * only: `Nested` is never for contractPath and compile) from a nested array's literal type.
 */
export type ArgShapes<Args extends readonly unknown[], Shapes extends readonly unknown[], Nested = NestedNumbers> = {
  [Index in keyof Args]: SiteShape<Shapes[Index & keyof Shapes], Args[Index], Nested>;
};

type SiteShape<Site, Arg, Nested> = Site extends readonly number[] ? Site : Arg extends Nested ? ShapeOfNested<Arg> : NotOperand;

/**
 * The sites read without inference, from arguments whose types are known: what the helper types
 * (EinsumCheck, ResultShape, ContractPathCheck) use. `Plain` is what is a shape by itself (a
 * `number[]` for contractPath and compile; nothing for einsum, where it is a vector).
 */
export type SitesOf<Args extends readonly unknown[], Plain = never> = {
  [Index in keyof Args]: Args[Index] extends { readonly shape: infer S extends Shape } ? S : Args[Index] extends Plain ? Args[Index] : unknown;
};

/**
 * A call's arguments read: [the operands' shapes, the operands, the options (undefined when the
 * last argument is an operand), what the arguments are: 'operands', 'options' (operands, then the
 * options) or 'mixed' (a wrong argument among the operands, analysed as an unknown shape: the
 * parameter types refuse it for what it is)]. Whether the last argument is the options is decided
 * on the shapes, never on the arguments' own types (a generic one would defer).
 */
export type ReadArgs<Args extends readonly unknown[], Shapes extends readonly unknown[], Nested = NestedNumbers> =
  ArgShapes<Args, Shapes, Nested> extends infer All extends readonly unknown[]
    ? All extends readonly Shape[]
      ? [All, Args, undefined, 'operands']
      : number extends Args['length']
        ? ReadSpread<Args, Shapes, Nested>
        : All extends readonly [...infer Init extends readonly unknown[], NotOperand]
          ? Args extends readonly [...infer Operands, infer Options]
            ? Init extends readonly Shape[]
              ? [Init, Operands, Options, 'options']
              : [AsShapes<Init>, Operands, Options, 'mixed']
            : never
          : [AsShapes<All>, Args, undefined, 'mixed']
    : never;

/**
 * `f(s, ...operands, options)`: the mapped shapes of a spread blur its elements together, so the
 * options are told by the last site alone; the operands' count and shapes wait for run time.
 */
type ReadSpread<Args extends readonly unknown[], Shapes extends readonly unknown[], Nested> = Args extends readonly [...infer Operands, infer Last]
  ? Shapes extends readonly [...unknown[], infer LastSite]
    ? LastSite extends readonly number[]
      ? [Shape[], Args, undefined, 'operands']
      : Last extends Nested
        ? [Shape[], Args, undefined, 'operands']
        : [Shape[], Operands, Last, 'options']
    : [Shape[], Args, undefined, 'operands']
  : [Shape[], Args, undefined, 'operands'];

type AsShapes<All extends readonly unknown[]> = { [Index in keyof All]: All[Index] extends readonly number[] ? All[Index] : Shape };

/**
 * What the arguments must be when the analysis found nothing wrong and some argument is not an
 * operand (`Kind` from ReadArgs): operands as given, the last argument `Options` when it is not an
 * operand, any other non-operand `Item` (for tsc to say why).
 */
export type CheckedArgs<Args extends readonly unknown[], Kind, Options, Item, All extends readonly unknown[]> = Kind extends 'options'
  ? Args extends readonly [...infer Operands, unknown]
    ? [...Operands, Options]
    : Args
  : { [Index in keyof Args]: All[Index & keyof All] extends NotOperand ? (Index extends LastIndex<Args> ? Options : Item) : Args[Index] };

/** The index of the last element, for finding the options object. */
export type LastIndex<Args extends readonly unknown[]> = Args extends readonly [...infer Init, unknown] ? `${Init['length']}` : never;
