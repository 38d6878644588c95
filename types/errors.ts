/**
 * The branded type a failing check turns a parameter into. tsc prints the parameter's type at the
 * argument that is wrong, so the brand's message is what the user reads:
 *   Argument of type '"ij,#k"' is not assignable to parameter of type
 *   'EinsumTypeError<"invalid character '#' at position 3 in 'ij,#k'">'.
 * Never a bare `never`: a reason the user can read is the point (Kysely's KyselyTypeError).
 */
export interface EinsumTypeError<Message extends string> {
  readonly __einsumError: Message;
}

/** A check that failed at operand `Operand` (0-based), or at the subscripts when it is `'subscripts'`. */
export interface Failure<At extends number | 'subscripts', Message extends string> {
  readonly at: At;
  readonly error: EinsumTypeError<Message>;
}
