# A whole Tollgate on AWS: a VPC, an EKS cluster with the metrics server (for the gateway autoscaler) and an
# ingress controller, a Multi-AZ RDS PostgreSQL reachable only from the cluster's nodes, and the tollgate module.

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.16"

  name             = var.name
  cidr             = "10.40.0.0/16"
  azs              = local.azs
  private_subnets  = ["10.40.0.0/20", "10.40.16.0/20", "10.40.32.0/20"]
  public_subnets   = ["10.40.100.0/24", "10.40.101.0/24", "10.40.102.0/24"]
  database_subnets = ["10.40.200.0/24", "10.40.201.0/24", "10.40.202.0/24"]

  enable_nat_gateway = true
  single_nat_gateway = false

  # Where the AWS load balancer integration puts internet-facing and internal load balancers.
  public_subnet_tags  = { "kubernetes.io/role/elb" = 1 }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = 1 }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.31"

  cluster_name                             = var.name
  cluster_version                          = var.kubernetes_version
  cluster_endpoint_public_access           = true
  enable_cluster_creator_admin_permissions = true
  vpc_id                                   = module.vpc.vpc_id
  subnet_ids                               = module.vpc.private_subnets

  eks_managed_node_groups = {
    platform = {
      instance_types = [var.node_instance_type]
      desired_size   = var.node_count.desired
      min_size       = var.node_count.min
      max_size       = var.node_count.max
    }
  }
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "random_password" "operator" {
  length  = 48
  special = false
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name}-db-"
  description = "PostgreSQL of Tollgate, reachable from the EKS nodes only"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description     = "PostgreSQL from the cluster's nodes"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [module.eks.node_security_group_id]
  }
}

resource "aws_db_instance" "tollgate" {
  identifier                   = var.name
  engine                       = "postgres"
  engine_version               = "16"
  instance_class               = var.db_instance_class
  allocated_storage            = var.db_allocated_storage_gb
  max_allocated_storage        = var.db_allocated_storage_gb * 4
  storage_encrypted            = true
  multi_az                     = true
  db_name                      = "tollgate"
  username                     = "tollgate"
  password                     = random_password.db.result
  db_subnet_group_name         = module.vpc.database_subnet_group_name
  vpc_security_group_ids       = [aws_security_group.db.id]
  backup_retention_period      = 14
  deletion_protection          = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${var.name}-final"
  performance_insights_enabled = true
}

# The gateway autoscaler reads CPU use from the metrics server.
resource "helm_release" "metrics_server" {
  name       = "metrics-server"
  namespace  = "kube-system"
  repository = "https://kubernetes-sigs.github.io/metrics-server/"
  chart      = "metrics-server"
  version    = "3.12.2"
}

# Serves the portal's and the Admin API's Ingresses.
resource "helm_release" "ingress_nginx" {
  name             = "ingress-nginx"
  namespace        = "ingress-nginx"
  create_namespace = true
  repository       = "https://kubernetes.github.io/ingress-nginx"
  chart            = "ingress-nginx"
  version          = "4.11.3"
}

module "tollgate" {
  source = "../../modules/tollgate"

  image_registry             = var.image_registry
  image_tag                  = var.image_tag
  gateway_domain             = var.gateway_domain
  portal_host                = var.portal_host
  admin_host                 = var.admin_host
  postgres_connection_string = "Host=${aws_db_instance.tollgate.address};Port=${aws_db_instance.tollgate.port};Username=tollgate;Password=${random_password.db.result};Database=tollgate;SSL Mode=Require;Trust Server Certificate=true"
  bootstrap_token            = "tgb_${random_password.operator.result}"
  stripe_secret_key          = var.stripe_secret_key
  stripe_webhook_secret      = var.stripe_webhook_secret
  silo_replicas              = 2
  gateway_min_replicas       = 2
  gateway_max_replicas       = var.node_count.max * 2
  portal_replicas            = 2
  ingress_class_name         = "nginx"

  # A Network Load Balancer keeps client addresses and long-lived connections.
  gateway_service_annotations = {
    "service.beta.kubernetes.io/aws-load-balancer-type"   = "nlb"
    "service.beta.kubernetes.io/aws-load-balancer-scheme" = "internet-facing"
  }

  depends_on = [helm_release.metrics_server, helm_release.ingress_nginx]
}
