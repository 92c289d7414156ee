//! The data-event resource types AWS documents: the values `resources.type` (advanced selectors),
//! a basic selector's data resource `type` and a volume's `resource_type` may take.
//!
//! The list follows, as checked on 2026-12-07, the table "Data events" of the CloudTrail user guide
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html#logging-data-events>)
//! and the `resources.type` values of the API reference's AdvancedFieldSelector
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html>).
//! Only the types both pages name are listed; a type AWS adds later is refused until it is added
//! here.

/// Every data-event resource type AWS documents, grouped by service.
pub(crate) const DATA_RESOURCE_TYPES: &[&str] = &[
    // The three that basic event selectors take as well.
    "AWS::S3::Object",
    "AWS::Lambda::Function",
    "AWS::DynamoDB::Table",
    // Amazon S3 and its relatives.
    "AWS::S3::AccessPoint",
    "AWS::S3Express::Object",
    "AWS::S3Outposts::Object",
    "AWS::S3ObjectLambda::AccessPoint",
    // Amazon DynamoDB streams, EBS direct APIs.
    "AWS::DynamoDB::Stream",
    "AWS::EC2::Snapshot",
    // Amazon Bedrock.
    "AWS::Bedrock::AgentAlias",
    "AWS::Bedrock::AsyncInvoke",
    "AWS::Bedrock::FlowAlias",
    "AWS::Bedrock::Guardrail",
    "AWS::Bedrock::KnowledgeBase",
    "AWS::Bedrock::Model",
    // Amazon Bedrock AgentCore.
    "AWS::BedrockAgentCore::Browser",
    "AWS::BedrockAgentCore::CodeInterpreter",
    "AWS::BedrockAgentCore::Gateway",
    "AWS::BedrockAgentCore::Memory",
    "AWS::BedrockAgentCore::Runtime",
    // The others.
    "AWS::CloudTrail::Channel",
    "AWS::Cognito::IdentityPool",
    "AWS::FinSpace::Environment",
    "AWS::Glue::Table",
    "AWS::KendraRanking::ExecutionPlan",
    "AWS::ManagedBlockchain::Network",
    "AWS::ManagedBlockchain::Node",
    "AWS::SageMaker::Endpoint",
    "AWS::SageMaker::ExperimentTrialComponent",
    "AWS::SageMaker::FeatureGroup",
    "AWS::SecretsManager::Secret",
    "AWS::SNS::PlatformEndpoint",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
];

/// Is `kind` a data-event resource type AWS documents?
pub(crate) fn is_data_resource_type(kind: &str) -> bool {
    DATA_RESOURCE_TYPES.contains(&kind)
}

/// `; did you mean `AWS::Lambda::Function`?` for an unknown type, or nothing.
pub(crate) fn did_you_mean(kind: &str) -> String {
    crate::text::did_you_mean(kind, DATA_RESOURCE_TYPES.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::{DATA_RESOURCE_TYPES, did_you_mean, is_data_resource_type};
    use crate::aws::BASIC_DATA_RESOURCE_TYPES;

    #[test]
    fn the_basic_types_are_aws_types_and_a_typo_finds_its_type() {
        for t in BASIC_DATA_RESOURCE_TYPES {
            assert!(is_data_resource_type(t));
        }
        for (i, t) in DATA_RESOURCE_TYPES.iter().enumerate() {
            assert!(!DATA_RESOURCE_TYPES[..i].contains(t), "{t}");
        }
        assert!(!is_data_resource_type("AWS::Lambda::Functions"));
        assert_eq!(
            did_you_mean("AWS::Lambda::Functions"),
            "; did you mean `AWS::Lambda::Function`?"
        );
    }
}
