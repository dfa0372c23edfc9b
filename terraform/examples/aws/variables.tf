variable "region" {
  description = "AWS region of the network, the EKS cluster and the database."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the deployment; prefixes the VPC, cluster and database."
  type        = string
  default     = "tollgate"
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.31"
}

variable "node_instance_type" {
  description = "EC2 instance type of the EKS managed node group."
  type        = string
  default     = "c6i.xlarge"
}

variable "node_count" {
  description = "Desired, minimum and maximum nodes of the node group."
  type        = object({ desired = number, min = number, max = number })
  default     = { desired = 3, min = 3, max = 8 }
}

variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database."
  type        = string
  default     = "db.m6g.large"
}

variable "db_allocated_storage_gb" {
  description = "Storage of the database, in GiB (grows automatically up to four times this)."
  type        = number
  default     = 100
}

variable "image_tag" {
  description = "Tag of the Tollgate images to run."
  type        = string
}

variable "image_registry" {
  description = "Registry the Tollgate role images are pulled from."
  type        = string
  default     = "ghcr.io/tollgate"
}

variable "gateway_domain" {
  description = "Tenants are served at {tenant}.{gateway_domain}."
  type        = string
}

variable "portal_host" {
  description = "Host name of the console and developer portal."
  type        = string
}

variable "admin_host" {
  description = "Host name of the Admin API on the Ingress; empty keeps it inside the cluster."
  type        = string
  default     = ""
}

variable "stripe_secret_key" {
  description = "Stripe secret API key; empty bills with the built-in ledger."
  type        = string
  default     = ""
  sensitive   = true
}

variable "stripe_webhook_secret" {
  description = "Signing secret of the Stripe webhook endpoint."
  type        = string
  default     = ""
  sensitive   = true
}
