/**
 * The words of every refusal the types can know, as template-literal types: the same sentences as
 * src/messages.ts (keep the two in step). The runtime adds a caret line under the position; a type
 * error quotes the subscripts instead.
 */
import type { FormatShape, NamedCount, TermText } from './text.js';

export type InvalidCharacter<Subscripts extends string, Char extends string, Position extends number> =
  `invalid character '${Char}' at position ${Position} in '${Subscripts}'`;

export type StrayDot<Subscripts extends string, Position extends number> =
  `'.' at position ${Position} is not part of an ellipsis '...' in '${Subscripts}'`;

export type EllipsisTwice<Subscripts extends string, Position extends number> =
  `a term may hold '...' only once; a second one is at position ${Position} in '${Subscripts}'`;

export type ArrowTwice<Subscripts extends string, Position extends number> =
  `a second '->' at position ${Position} in '${Subscripts}'; there is at most one output`;

export type LoneArrowPart<Subscripts extends string, Char extends string, Position extends number> =
  `lone '${Char}' at position ${Position} in '${Subscripts}'; the output arrow is '->'`;

export type CommaInOutput<Subscripts extends string, Position extends number> =
  `',' at position ${Position} is in the output of '${Subscripts}'; the output is one term`;

export type OutputLabelTwice<Subscripts extends string, Label extends string> =
  `output label '${Label}' appears more than once in '${Subscripts}'`;

export type OutputLabelUnknown<Subscripts extends string, Label extends string> =
  `output label '${Label}' appears in no input of '${Subscripts}'`;

export type OperandCount<Subscripts extends string, Terms extends number, Operands extends number> =
  `'${Subscripts}' names ${Terms} operand${Terms extends 1 ? '' : 's'} but ${Operands} ${Operands extends 1 ? 'was' : 'were'} given`;

export type Rank<Subscripts extends string, Operand extends number, Term extends string, Shape extends readonly number[]> =
  `operand ${Operand} ('${TermText<Term>}') has ${Term extends `${string}.${string}` ? 'at least ' : ''}rank ${NamedCount<Term>} but its shape is ${FormatShape<Shape>} in '${Subscripts}'`;

export type SizeClash<
  Subscripts extends string,
  Label extends string,
  FirstOperand extends number,
  FirstSize extends number,
  Operand extends number,
  Size extends number,
> = `label '${Label}' is ${FirstSize} in operand ${FirstOperand} but ${Size} in operand ${Operand} in '${Subscripts}'`;

export type DiagonalClash<Subscripts extends string, Label extends string, Operand extends number, FirstSize extends number, Size extends number> =
  `label '${Label}' repeats in operand ${Operand} with sizes ${FirstSize} and ${Size} in '${Subscripts}'; a diagonal needs equal sizes`;

export type EllipsisClash<Subscripts extends string, Operand extends number, Shape extends readonly number[], Broadcast extends readonly number[]> =
  `the '...' dimensions ${FormatShape<Shape>} of operand ${Operand} do not broadcast with ${FormatShape<Broadcast>} in '${Subscripts}'`;
