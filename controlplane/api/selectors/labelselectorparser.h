#pragma once

#include "common/result.h"
#include "selectors/labelrequirement.h"

#include <QList>
#include <QStringView>

#include <optional>

namespace flotilla::api {

// The label selector string syntax (`?labelSelector=`), a port of upstream's lexer and
// recursive-descent parser (k8s.io/apimachinery/pkg/labels) so that every input upstream
// accepts is accepted here with the same meaning, and errors read the same:
//
//   <selector>    ::= <requirement> | <requirement> "," <selector>
//   <requirement> ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" |
//                     ">" | "<") VALUE ]
//
// Whitespace (space, tab, CR, LF) separates tokens. "in" and "notin" are also valid keys
// and values. Linear in the input: one scan into tokens, one pass over them.
// Use LabelSelector::parse(); this class is its implementation.
class LabelSelectorParser
{
public:
    explicit LabelSelectorParser(QStringView text);

    // The requirements in input order; values of in/notin deduplicated and sorted.
    Result<QList<LabelRequirement>> parse();

private:
    enum class Token {
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    };
    // Where "in"/"notin" are keywords (after a key) and where they are plain identifiers.
    enum class Context { KeyAndOperator, Values };
    struct Item
    {
        Token token = Token::EndOfString;
        QStringView literal;
    };
    struct KeyAndOperator
    {
        QString key;
        std::optional<SelectorOperator> op; // set when the requirement is unary
    };

    Item lex();
    Item lookahead(Context context) const;
    Item consume(Context context);
    Result<LabelRequirement> parseRequirement();
    Result<KeyAndOperator> parseKeyAndInferOperator();
    Result<SelectorOperator> parseOperator();
    Result<QStringList> parseValues();
    Result<QStringList> parseIdentifiersList();
    Result<QStringList> parseExactValue();

    QStringView m_text;
    qsizetype m_lexPosition = 0;
    QList<Item> m_items;
    qsizetype m_position = 0;
};

} // namespace flotilla::api
